import { describe, expect, it } from 'vitest';
import { isEditableTarget, type TargetLike } from './is-editable-target.js';

const el = (tagName: string, extra: Partial<TargetLike> & { role?: string } = {}): TargetLike => ({
  tagName,
  isContentEditable: extra.isContentEditable ?? false,
  getAttribute: (name) => (name === 'role' ? (extra.role ?? null) : null),
});

describe('isEditableTarget', () => {
  it('leaves keys to text fields, selects, sliders and editable content', () => {
    for (const target of [
      el('INPUT'),
      el('TEXTAREA'),
      el('SELECT'),
      el('DIV', { isContentEditable: true }),
      el('DIV', { role: 'slider' }),
    ]) {
      expect(isEditableTarget(target, 'ArrowRight')).toBe(true);
      expect(isEditableTarget(target, ' ')).toBe(true);
    }
  });

  it('lets buttons and links keep Space, but not the arrow keys', () => {
    for (const target of [el('BUTTON'), el('A'), el('DIV', { role: 'button' })]) {
      expect(isEditableTarget(target, ' ')).toBe(true);
      expect(isEditableTarget(target, 'ArrowLeft')).toBe(false);
    }
  });

  it('takes shortcuts on the page itself', () => {
    expect(isEditableTarget(el('BODY'), ' ')).toBe(false);
    expect(isEditableTarget(null, 'k')).toBe(false);
  });
});
