/** Named character references subtitles use; WebVTT allows any HTML name, these cover practice. */
// prettier-ignore
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«',
  raquo: '»', copy: '©', reg: '®', trade: '™', deg: '°', middot: '·', bull: '•', euro: '€', pound: '£',
  yen: '¥', cent: '¢', sect: '§', para: '¶', times: '×', divide: '÷', iexcl: '¡', iquest: '¿',
  eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á', ccedil: 'ç', ntilde: 'ñ', ouml: 'ö', uuml: 'ü',
  auml: 'ä', szlig: 'ß', zwj: '\u200d', zwnj: '\u200c', shy: '\u00ad', ensp: '\u2002', emsp: '\u2003',
  thinsp: '\u2009', sup2: '²', sup3: '³', frac12: '½', frac14: '¼', frac34: '¾', hearts: '♥', sung: '♪',
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/y;

/**
 * Decodes the character reference starting at `index` (which holds `&`). Returns the text and how
 * many characters were consumed, or undefined when it is not a reference (the `&` stays literal).
 */
export function decodeEntityAt(
  text: string,
  index: number,
): { value: string; length: number } | undefined {
  REFERENCE.lastIndex = index;
  const match = REFERENCE.exec(text);
  if (!match) return undefined;
  if (match[3] !== undefined) {
    const value = NAMED[match[3]];
    return value === undefined ? undefined : { value, length: match[0].length };
  }
  const codePoint = match[1] !== undefined ? Number(match[1]) : Number.parseInt(match[2]!, 16);
  // NUL, surrogates and out-of-range numbers become U+FFFD, as HTML does.
  const valid =
    codePoint > 0 && codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff);
  return { value: valid ? String.fromCodePoint(codePoint) : '\ufffd', length: match[0].length };
}
