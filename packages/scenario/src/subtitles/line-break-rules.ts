/**
 * Kinsoku-style rules shared by CJK and Latin typography: characters a line must not start with
 * (closing brackets, sentence punctuation, small kana, prolonged sound marks) and characters a line
 * must not end with (opening brackets and quotes). Breaking never separates these from their
 * neighbour.
 */
export const LINE_BREAK_RULES = {
  noLineStart: new Set(
    [
      ...')]}>»›”’,.:;!?%‰…‥',
      ...'、。，．・：；？！゛゜ヽヾゝゞ々〻ー～',
      ...'）］｝〕〉》」』】〙〗〟｠',
      ...'ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ',
      ...'％‼⁇⁈⁉',
    ].map((c) => c.codePointAt(0) ?? 0),
  ),
  noLineEnd: new Set(
    [...'([{<«‹“‘', ...'（［｛〔〈《「『【〘〖〝｟'].map((c) => c.codePointAt(0) ?? 0),
  ),
} as const;
