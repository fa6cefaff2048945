import { finalizeCues } from './finalize-cues.js';
import { linesToText } from './lines-to-text.js';
import { parseSrtMarkup } from './parse-srt-markup.js';
import { splitLines } from './split-lines.js';
import { subtitleError } from './subtitle-error.js';
import { tidyLines } from './tidy-lines.js';
import type { SubtitleCue, SubtitleDocument } from './types.js';
import { createWarningSink, type WarningSink } from './warning-sink.js';

/**
 * One SRT timestamp as found in the wild: hours optional (1–3 digits), minutes and seconds 1–2
 * digits, fraction after `,` (standard), `.` or `:` with 1–3 digits read as a decimal fraction.
 */
const TIME = String.raw`(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.:](\d{1,3}))?`;
const TIMESTAMP = new RegExp(`^${TIME}$`);
/** A timing line: two timestamps around an arrow (`-->`, tolerated `->`), maybe trailing settings. */
const ARROW = /-{1,2}>/;
const INDEX = /^\s*\d+\s*$/;

/**
 * SubRip (.srt), tolerant of real-world defects: missing or wrong numbering, BOM, CRLF/CR, missing
 * blank lines between cues, `.` for `,`, optional hours, basic tags and `{\an8}`. Out-of-order
 * cues are sorted and overlapping ones kept (with warnings). A timing line whose timestamps cannot
 * be read is an error with its line and column: guessing a time would silently shift captions.
 */
export function parseSrt(text: string): SubtitleDocument {
  const lines = splitLines(text);
  const warnings = createWarningSink();
  const cues: SubtitleCue[] = [];
  const isTiming = (line: string | undefined): boolean =>
    line !== undefined && ARROW.test(line) && /\d/.test(line);
  const startsCue = (i: number): boolean =>
    isTiming(lines[i]) || (INDEX.test(lines[i] ?? '') && isTiming(lines[i + 1]));

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    let id: string | undefined;
    if (INDEX.test(line) && isTiming(lines[i + 1])) {
      id = line.trim();
      i++;
    } else if (!isTiming(line)) {
      warnings.add(
        { code: 'stray-text', message: 'text outside any cue was ignored', line: i + 1, column: 1 },
        'stray-text',
      );
      i++;
      continue;
    }
    const timingLine = i + 1;
    const { start, end } = parseTimingLine(lines[i]!, timingLine, warnings);
    i++;
    const textLines: string[] = [];
    const firstTextLine = i + 1;
    while (i < lines.length && lines[i]!.trim() !== '' && !startsCue(i)) {
      textLines.push(lines[i]!);
      i++;
    }
    if (i < lines.length && lines[i]!.trim() !== '' && textLines.length > 0) {
      warnings.add(
        {
          code: 'missing-blank-line',
          message: 'no blank line before the next cue',
          line: i + 1,
          column: 1,
        },
        'missing-blank-line',
      );
    }
    const markup = parseSrtMarkup({ lines: textLines, firstLine: firstTextLine, warnings });
    const spans = tidyLines(markup.lines);
    const cue: SubtitleCue = {
      start,
      end,
      lines: spans,
      text: linesToText(spans),
      sourceLine: id === undefined ? timingLine : timingLine - 1,
    };
    if (id !== undefined) cue.id = id;
    if (markup.anchor) cue.position = { anchor: markup.anchor };
    cues.push(cue);
  }
  if (cues.length === 0) {
    const firstText = lines.findIndex((line) => line.trim() !== '');
    throw subtitleError({
      format: 'srt',
      line: firstText < 0 ? 1 : firstText + 1,
      column: 1,
      message:
        firstText < 0
          ? 'the file is empty'
          : 'no cue found: expected a timing line like "00:00:01,000 --> 00:00:02,000"',
    });
  }
  return { format: 'srt', cues: finalizeCues(cues, warnings), warnings: warnings.list() };
}

function parseTimingLine(
  line: string,
  lineNumber: number,
  warnings: WarningSink,
): { start: number; end: number } {
  const arrow = ARROW.exec(line)!;
  const left = line.slice(0, arrow.index);
  const rightRaw = line.slice(arrow.index + arrow[0].length);
  const leftStart = left.length - left.trimStart().length;
  const start = parseTimestamp(left.trim(), lineNumber, leftStart + 1);
  const rightOffset =
    arrow.index + arrow[0].length + (rightRaw.length - rightRaw.trimStart().length);
  const right = rightRaw.trim();
  // Some writers append coordinates or settings after the end time ("X1:40 X2:600 …").
  const endToken = /^\S+/.exec(right)?.[0] ?? '';
  const end = parseTimestamp(endToken, lineNumber, rightOffset + 1);
  const afterEnd = right.slice(endToken.length);
  const rest = afterEnd.trim();
  const restColumn =
    rightOffset + endToken.length + (afterEnd.length - afterEnd.trimStart().length) + 1;
  if (rest !== '') {
    warnings.add(
      {
        code: 'unsupported-setting',
        message: `text after the end time ("${rest.slice(0, 40)}") was ignored`,
        line: lineNumber,
        column: restColumn,
      },
      'srt-trailing',
    );
  }
  return { start, end };
}

function parseTimestamp(token: string, line: number, column: number): number {
  const match = TIMESTAMP.exec(token);
  if (!match) {
    throw subtitleError({
      format: 'srt',
      line,
      column,
      message: token === '' ? 'missing timestamp' : `invalid timestamp "${token.slice(0, 40)}"`,
    });
  }
  const [, hours, minutes, seconds, fraction] = match;
  if (Number(seconds) >= 60 || (hours !== undefined && Number(minutes) >= 60)) {
    throw subtitleError({
      format: 'srt',
      line,
      column,
      message: `invalid timestamp "${token}": minutes and seconds must be below 60`,
    });
  }
  // Whole milliseconds first, one division last: 1.001 stays the double nearest to 1.001.
  const millis =
    (Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000 +
    Number((fraction ?? '').padEnd(3, '0'));
  return millis / 1000;
}
