/** The parts of an event target this looks at (a DOM Element, or a test double). */
export interface TargetLike {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
  getAttribute?(name: string): string | null;
}

/**
 * Whether a key pressed here belongs to the focused control, so studio shortcuts must leave it
 * alone: text fields, selects, sliders (arrow keys move them), editable content. Buttons and links
 * take Space/Enter themselves, so `space` shortcuts also skip them.
 */
export function isEditableTarget(target: TargetLike | null, key = ''): boolean {
  if (!target || typeof target.tagName !== 'string') return false;
  const tag = target.tagName.toLowerCase();
  if (target.isContentEditable) return true;
  if (tag === 'textarea' || tag === 'select' || tag === 'input') return true;
  const role = target.getAttribute?.('role') ?? null;
  if (role === 'slider' || role === 'textbox' || role === 'combobox' || role === 'spinbutton')
    return true;
  if (key === ' ' && (tag === 'button' || tag === 'a' || tag === 'summary' || role === 'button'))
    return true;
  return false;
}
