/**
 * What a character is, for line breaking and width estimation.
 * - `cjk`: scripts written without spaces (Han, Kana, Bopomofo, CJK symbols, full-width forms):
 *   a line may break between any two of them.
 * - `hangul`: Korean is written with spaces between words; subtitles break at those spaces and only
 *   split a word between syllables when it cannot fit on a line by itself.
 * - `space`: a breaking space; `nbsp`: a space that must not break (U+00A0, U+202F, U+2007).
 * - `zero`: no advance (combining marks, joiners, variation selectors).
 */
export type CharClass = 'space' | 'nbsp' | 'cjk' | 'hangul' | 'emoji' | 'zero' | 'other';

const RANGES: readonly (readonly [number, number, CharClass])[] = [
  [0x0300, 0x036f, 'zero'],
  [0x1100, 0x11ff, 'hangul'],
  [0x1ab0, 0x1aff, 'zero'],
  [0x1dc0, 0x1dff, 'zero'],
  [0x200b, 0x200f, 'zero'],
  [0x2060, 0x2064, 'zero'],
  [0x20d0, 0x20ff, 'zero'],
  [0x2600, 0x27bf, 'emoji'],
  [0x2e80, 0x2fdf, 'cjk'],
  [0x2ff0, 0x303f, 'cjk'],
  [0x3040, 0x3098, 'cjk'],
  [0x3099, 0x309a, 'zero'],
  [0x309b, 0x30ff, 'cjk'],
  [0x3100, 0x312f, 'cjk'],
  [0x3130, 0x318f, 'hangul'],
  [0x3190, 0x31ff, 'cjk'],
  [0x3200, 0x33ff, 'cjk'],
  [0x3400, 0x4dbf, 'cjk'],
  [0x4e00, 0x9fff, 'cjk'],
  [0xa960, 0xa97f, 'hangul'],
  [0xac00, 0xd7ff, 'hangul'],
  [0xf900, 0xfaff, 'cjk'],
  [0xfe00, 0xfe0f, 'zero'],
  [0xfe10, 0xfe1f, 'cjk'],
  [0xfe20, 0xfe2f, 'zero'],
  [0xfe30, 0xfe4f, 'cjk'],
  [0xff00, 0xffef, 'cjk'],
  [0x1b000, 0x1b16f, 'cjk'],
  [0x1f000, 0x1faff, 'emoji'],
  [0x20000, 0x3134f, 'cjk'],
  [0xe0000, 0xe007f, 'zero'],
];

export function charClass(codePoint: number): CharClass {
  if (codePoint === 0xa0 || codePoint === 0x202f || codePoint === 0x2007) return 'nbsp';
  if (
    codePoint === 0x20 ||
    codePoint === 0x09 ||
    codePoint === 0x0a ||
    codePoint === 0x0d ||
    codePoint === 0x0c ||
    codePoint === 0x3000 ||
    (codePoint >= 0x2000 && codePoint <= 0x200a)
  ) {
    // U+3000 IDEOGRAPHIC SPACE is a real space between words, not a full-width letter.
    return 'space';
  }
  if (codePoint < 0x0300) return 'other';
  // Binary search would be faster, but the table is short and this runs per character of a caption.
  for (const [low, high, kind] of RANGES) {
    if (codePoint < low) return 'other';
    if (codePoint <= high) return kind;
  }
  return 'other';
}
