import { charClass, type CharClass } from './char-class.js';
import { LINE_BREAK_RULES } from './line-break-rules.js';
import { estimateTextWidth } from './text-width.js';

export interface BreakLinesOptions {
  /** Widest a line may be, in em. */
  maxWidth: number;
  fontWeight?: number;
}

export interface BrokenLine {
  /** UTF-16 offsets into the input: `text === input.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  /** Estimated width in em. */
  width: number;
}

interface Atom {
  start: number;
  /** End of the visible part (trailing spaces excluded). */
  end: number;
  /** Visible width in em. */
  width: number;
  /** Width of the spaces after the atom, paid only when the next atom shares the line. */
  spaceWidth: number;
}

/** Clause and sentence punctuation: a line ending on one of these reads better. */
const GOOD_LINE_END = /^[,.;:!?…。、，．！？；：)）」』】]$/;

/**
 * Breaks one line of text into lines no wider than `maxWidth` em, in as few lines as possible and,
 * among those, with line widths as equal as possible (the sum of squared slack is minimised, so
 * a two-line caption splits near the middle, preferring to break after clause punctuation).
 *
 * Breaks happen at spaces, between CJK characters (never before closing punctuation or small kana,
 * never after opening brackets), after hyphens inside words — never inside a Latin word. A Korean
 * word is split between syllables only when it is wider than a line by itself. A word that still
 * does not fit is left on its own, overflowing (the caller can warn).
 *
 * Cost is linear in the text length times the atoms per line, so a pathological cue cannot hang.
 */
export function breakLines(text: string, options: BreakLinesOptions): BrokenLine[] {
  const maxWidth = Math.max(options.maxWidth, 0.01);
  const measure = (from: number, to: number): number =>
    estimateTextWidth(text.slice(from, to), { fontWeight: options.fontWeight });
  const atoms = splitIntoAtoms(text, measure).flatMap((atom) =>
    atom.width > maxWidth ? splitAtEmergencyBreaks(text, atom, measure) : [atom],
  );
  if (atoms.length === 0) return [];

  // best[j] = cheapest layout of atoms [0, j): fewest lines first, then least squared slack.
  const lines = new Array<number>(atoms.length + 1).fill(Number.POSITIVE_INFINITY);
  const costs = new Array<number>(atoms.length + 1).fill(Number.POSITIVE_INFINITY);
  const from = new Array<number>(atoms.length + 1).fill(0);
  lines[0] = 0;
  costs[0] = 0;
  const bonus = (0.2 * maxWidth) ** 2;
  for (let j = 1; j <= atoms.length; j++) {
    const last = atoms[j - 1]!;
    let width = last.width;
    for (let i = j - 1; i >= 0; i--) {
      if (i < j - 1) {
        const atom = atoms[i]!;
        width += atom.width + atom.spaceWidth;
        if (width > maxWidth) break;
      }
      const slack = Math.max(0, maxWidth - width);
      const endsWell = j < atoms.length && GOOD_LINE_END.test(text.slice(last.end - 1, last.end));
      const lineCost = slack * slack - (endsWell ? bonus : 0);
      const candidateLines = lines[i]! + 1;
      const candidateCost = costs[i]! + lineCost;
      if (
        candidateLines < lines[j]! ||
        (candidateLines === lines[j]! && candidateCost < costs[j]! - 1e-9)
      ) {
        lines[j] = candidateLines;
        costs[j] = candidateCost;
        from[j] = i;
      }
    }
  }

  const result: BrokenLine[] = [];
  for (let j = atoms.length; j > 0; j = from[j]!) {
    const i = from[j]!;
    const start = atoms[i]!.start;
    const end = atoms[j - 1]!.end;
    result.push({ start, end, text: text.slice(start, end), width: measure(start, end) });
  }
  return result.reverse();
}

interface CodePointAt {
  offset: number;
  codePoint: number;
  kind: CharClass;
}

function codePoints(text: string): CodePointAt[] {
  const points: CodePointAt[] = [];
  for (let offset = 0; offset < text.length;) {
    const codePoint = text.codePointAt(offset) ?? 0;
    points.push({ offset, codePoint, kind: charClass(codePoint) });
    offset += codePoint > 0xffff ? 2 : 1;
  }
  return points;
}

/** May a line break between `before` and `after` (adjacent, no space between)? */
function canBreakBetween(before: CodePointAt, after: CodePointAt): boolean {
  if (LINE_BREAK_RULES.noLineStart.has(after.codePoint)) return false;
  if (LINE_BREAK_RULES.noLineEnd.has(before.codePoint)) return false;
  if (after.kind === 'zero' || before.kind === 'nbsp' || after.kind === 'nbsp') return false;
  if (before.codePoint === 0x200b) return true;
  if (before.kind === 'cjk' || after.kind === 'cjk') return true;
  if (before.kind === 'emoji' || after.kind === 'emoji') return true;
  // After a hyphen joining two letters ("well-known"), as browsers do.
  return (
    before.codePoint === 0x2d &&
    after.kind !== 'space' &&
    /\p{L}/u.test(String.fromCodePoint(after.codePoint))
  );
}

function splitIntoAtoms(text: string, measure: (from: number, to: number) => number): Atom[] {
  const points = codePoints(text);
  const atoms: Atom[] = [];
  let atomStart = -1;
  let i = 0;
  while (i < points.length) {
    const point = points[i]!;
    if (point.kind === 'space') {
      // A run of spaces ends the current atom, unless what follows must not start a line
      // (French "mot ?") — then the spaces are glued into the atom.
      let k = i;
      while (k < points.length && points[k]!.kind === 'space') k++;
      const next = points[k];
      if (atomStart >= 0 && next && LINE_BREAK_RULES.noLineStart.has(next.codePoint)) {
        i = k;
        continue;
      }
      if (atomStart >= 0) {
        const end = point.offset;
        const spaceEnd = next ? next.offset : text.length;
        atoms.push({
          start: atomStart,
          end,
          width: measure(atomStart, end),
          spaceWidth: measure(end, spaceEnd),
        });
        atomStart = -1;
      }
      i = k;
      continue;
    }
    if (atomStart < 0) atomStart = point.offset;
    const next = points[i + 1];
    if (next && next.kind !== 'space' && canBreakBetween(point, next)) {
      atoms.push({
        start: atomStart,
        end: next.offset,
        width: measure(atomStart, next.offset),
        spaceWidth: 0,
      });
      atomStart = -1;
    }
    i++;
  }
  if (atomStart >= 0)
    atoms.push({
      start: atomStart,
      end: text.length,
      width: measure(atomStart, text.length),
      spaceWidth: 0,
    });
  return atoms;
}

/** Last resort for a too-wide atom: split a Korean word between syllables. */
function splitAtEmergencyBreaks(
  text: string,
  atom: Atom,
  measure: (from: number, to: number) => number,
): Atom[] {
  const points = codePoints(text.slice(atom.start, atom.end)).map((p) => ({
    ...p,
    offset: p.offset + atom.start,
  }));
  const pieces: Atom[] = [];
  let start = atom.start;
  for (let i = 1; i < points.length; i++) {
    const before = points[i - 1]!;
    const after = points[i]!;
    if (
      before.kind === 'hangul' &&
      after.kind === 'hangul' &&
      !LINE_BREAK_RULES.noLineStart.has(after.codePoint)
    ) {
      pieces.push({ start, end: after.offset, width: measure(start, after.offset), spaceWidth: 0 });
      start = after.offset;
    }
  }
  if (pieces.length === 0) return [atom];
  pieces.push({
    start,
    end: atom.end,
    width: measure(start, atom.end),
    spaceWidth: atom.spaceWidth,
  });
  return pieces;
}
