const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const FUNCTIONAL = /^(rgba?|hsla?)\(\s*[\d.%]+\s*(,\s*[\d.%]+\s*){2,3}\)$/i;
const NAMED = /^[a-z]{3,30}$/i;

/**
 * Accepts the colour spellings subtitle files use (`#f00`, `ff0000`, `red`, `rgb(…)`) and returns
 * a CSS colour, or undefined for anything else. Only these shapes pass, so a style value taken
 * from a file can never smuggle other CSS into the render page.
 */
export function normalizeCssColor(value: string): string | undefined {
  const trimmed = value.trim().replace(/^["']|["']$/g, '');
  const hex = HEX.exec(trimmed);
  if (hex) return `#${hex[1]!.toLowerCase()}`;
  if (FUNCTIONAL.test(trimmed)) return trimmed.toLowerCase().replace(/\s+/g, '');
  if (NAMED.test(trimmed)) return trimmed.toLowerCase();
  return undefined;
}
