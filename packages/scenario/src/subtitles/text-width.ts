import { charClass } from './char-class.js';

/**
 * Advance widths of printable ASCII (32..126) in thousandths of an em, from the published metrics
 * of Arial — which Liberation Sans, the sans-serif every render machine here has, matches exactly.
 */
// prettier-ignore
const ASCII_ADVANCE = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space .. /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 .. ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ .. O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P .. _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` .. o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p .. ~
];

// prettier-ignore
const TYPOGRAPHIC: Record<number, number> = {
  0x2018: 222, 0x2019: 222, 0x201c: 333, 0x201d: 333, 0x2013: 556, 0x2014: 1000, 0x2026: 1000,
  0x2022: 350, 0x00b7: 278, 0x00ab: 556, 0x00bb: 556, 0x00bf: 611, 0x00a1: 333, 0x266a: 700,
  0x266b: 700,
};

/** Bold Latin runs about 6% wider than regular in Arial/Liberation; CJK glyphs stay full-width. */
const BOLD_LATIN_FACTOR = 1.06;
/** Cyrillic, Greek and other alphabets without a table here: an average lowercase advance. */
const FALLBACK_ADVANCE = 600;

export interface TextWidthOptions {
  /** CSS font weight; 600 and above counts as bold. */
  fontWeight?: number;
}

/** Width of one character in em (no kerning). */
function advance(codePoint: number, bold: boolean): number {
  const latinFactor = bold ? BOLD_LATIN_FACTOR : 1;
  if (codePoint >= 32 && codePoint <= 126)
    return ((ASCII_ADVANCE[codePoint - 32] ?? 556) / 1000) * latinFactor;
  const typographic = TYPOGRAPHIC[codePoint];
  if (typographic !== undefined) return (typographic / 1000) * latinFactor;
  switch (charClass(codePoint)) {
    case 'zero':
      return 0;
    case 'space':
      return codePoint === 0x3000 ? 1 : 0.278 * latinFactor;
    case 'nbsp':
      return 0.278 * latinFactor;
    case 'cjk':
      // Half-width katakana and half-width forms are half an em; everything else is full-width.
      return codePoint >= 0xff61 && codePoint <= 0xffdc ? 0.5 : 1;
    case 'hangul':
      return 1;
    case 'emoji':
      return 1.15;
    case 'other': {
      // Accented Latin letters take their base letter's width (é → e).
      const base = String.fromCodePoint(codePoint).normalize('NFD').codePointAt(0) ?? 0;
      if (base >= 32 && base <= 126)
        return ((ASCII_ADVANCE[base - 32] ?? 556) / 1000) * latinFactor;
      return (FALLBACK_ADVANCE / 1000) * latinFactor;
    }
  }
}

/**
 * Deterministic width estimate of a single-line string, in em (multiply by the font size).
 * There is no browser in the importer, so line breaking measures with per-character advance
 * classes: full-width CJK/Hangul ≈ 1 em, Latin from a proportional table, digits tabular.
 */
export function estimateTextWidth(text: string, options: TextWidthOptions = {}): number {
  const bold = (options.fontWeight ?? 400) >= 600;
  let width = 0;
  for (const char of text) width += advance(char.codePointAt(0) ?? 0, bold);
  return width;
}
