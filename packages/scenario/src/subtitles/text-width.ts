import { charClass } from './char-class.js';

/**
 * Advance widths of printable ASCII (32..126) in thousandths of an em, measured in Chromium from
 * Liberation Sans (metric-compatible with Arial), the presets' first font: regular (400-599) and
 * bold (600+; the font has no other weights). `text-width.test.ts` in packages/render measures
 * them again against the installed fonts.
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
const ASCII_ADVANCE_BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // space .. /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 0 .. ?
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // @ .. O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // P .. _
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // ` .. o
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, // p .. ~
];

// prettier-ignore
const TYPOGRAPHIC: Record<number, number> = {
  0x2018: 222, 0x2019: 222, 0x201c: 333, 0x201d: 333, 0x2013: 556, 0x2014: 1000, 0x2026: 1000,
  0x2022: 350, 0x00b7: 278, 0x00ab: 556, 0x00bb: 556, 0x00bf: 611, 0x00a1: 333, 0x266a: 700,
  0x266b: 700,
};

/** Typographic marks without a bold table here: bold runs about 6% wider. */
const BOLD_LATIN_FACTOR = 1.06;
/** Hangul syllables and jamo in Noto Sans CJK KR, the presets' Korean font, at every weight. */
const HANGUL_ADVANCE = 0.92;
/** Cyrillic, Greek and other alphabets without a table here: an average lowercase advance. */
const FALLBACK_ADVANCE = 600;

export interface TextWidthOptions {
  /** CSS font weight; 600 and above counts as bold. */
  fontWeight?: number;
}

/** Width of one character in em (no kerning). */
function advance(codePoint: number, bold: boolean): number {
  const latinFactor = bold ? BOLD_LATIN_FACTOR : 1;
  const ascii = bold ? ASCII_ADVANCE_BOLD : ASCII_ADVANCE;
  if (codePoint >= 32 && codePoint <= 126) return (ascii[codePoint - 32] ?? 556) / 1000;
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
      return HANGUL_ADVANCE;
    case 'emoji':
      return 1.15;
    case 'other': {
      // Accented Latin letters take their base letter's width (é → e).
      const base = String.fromCodePoint(codePoint).normalize('NFD').codePointAt(0) ?? 0;
      if (base >= 32 && base <= 126) return (ascii[base - 32] ?? 556) / 1000;
      return (FALLBACK_ADVANCE / 1000) * latinFactor;
    }
  }
}

/**
 * Deterministic width estimate of a single-line string, in em (multiply by the font size).
 * There is no browser in the importer (it runs the same in the studio and on the server), so line
 * breaking adds up advances measured from the presets' fonts: Latin from Liberation Sans tables,
 * Hangul 0.92 em and other CJK 1 em (Noto Sans CJK). Kerning is not counted.
 */
export function estimateTextWidth(text: string, options: TextWidthOptions = {}): number {
  const bold = (options.fontWeight ?? 400) >= 600;
  let width = 0;
  for (const char of text) width += advance(char.codePointAt(0) ?? 0, bold);
  return width;
}
