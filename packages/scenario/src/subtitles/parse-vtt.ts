import { finalizeCues } from './finalize-cues.js';
import { linesToText } from './lines-to-text.js';
import { parseVttCueText } from './parse-vtt-cue-text.js';
import { parseVttSettings, type VttRegion } from './parse-vtt-settings.js';
import { parseVttStyleBlock, type VttStyleSheet } from './parse-vtt-style-block.js';
import { parseVttTimestamp } from './parse-vtt-timestamp.js';
import { splitLines } from './split-lines.js';
import { subtitleError } from './subtitle-error.js';
import { tidyLines } from './tidy-lines.js';
import type { SubtitleCue, SubtitleDocument, SubtitleStyle } from './types.js';
import { createWarningSink, type WarningSink } from './warning-sink.js';

interface Block {
  /** 0-based index into the file's lines of the block's first line. */
  first: number;
  lines: string[];
}

/**
 * WebVTT, following the W3C parsing rules: the `WEBVTT` signature and header, blocks separated by
 * blank lines, NOTE comments, STYLE and REGION blocks (before the first cue), cue identifiers,
 * timings with settings, and cue text (see parseVttCueText). Where the spec says to drop a
 * malformed cue silently, this parser stops with the line and column instead when the timing
 * cannot be read at all, and accepts (with a warning) common near-misses such as `,` decimals.
 */
export function parseVtt(text: string): SubtitleDocument {
  const lines = splitLines(text);
  const warnings = createWarningSink();
  const signature = lines[0] ?? '';
  if (!/^WEBVTT(?:$|[ \t])/.test(signature)) {
    throw subtitleError({
      format: 'vtt',
      line: 1,
      column: 1,
      message: 'a WebVTT file must start with "WEBVTT"',
    });
  }
  const sheet: VttStyleSheet = { global: {}, classes: new Map() };
  const regions = new Map<string, VttRegion>();
  const cues: SubtitleCue[] = [];

  // The header runs to the first blank line; a timing line inside it starts a cue early.
  let i = 1;
  while (i < lines.length && lines[i]!.trim() !== '' && !lines[i]!.includes('-->')) i++;
  if (i < lines.length && lines[i]!.includes('-->')) {
    warnings.add(
      {
        code: 'missing-blank-line',
        message: 'no blank line between the WEBVTT header and the first cue',
        line: i + 1,
        column: 1,
      },
      'vtt-header-blank',
    );
  }

  const blocks: Block[] = [];
  while (i < lines.length) {
    if (lines[i]!.trim() === '') {
      i++;
      continue;
    }
    const first = i;
    while (i < lines.length && lines[i]!.trim() !== '') i++;
    blocks.push({ first, lines: lines.slice(first, i) });
  }

  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    const head = block.lines[0]!;
    if (/^NOTE(?:$|[ \t])/.test(head)) continue;
    if (/^STYLE[ \t]*$/.test(head) && !block.lines.some((line) => line.includes('-->'))) {
      if (cues.length > 0)
        warnings.add(
          {
            code: 'ignored-block',
            message: 'STYLE blocks after the first cue are ignored (WebVTT)',
            line: block.first + 1,
          },
          'vtt-late-style',
        );
      else
        parseVttStyleBlock({
          css: block.lines.slice(1).join('\n'),
          line: block.first + 1,
          sheet,
          warnings,
        });
      continue;
    }
    if (/^REGION[ \t]*$/.test(head) && !block.lines.some((line) => line.includes('-->'))) {
      const region = parseRegion(block.lines.slice(1).join(' '));
      if (region) regions.set(region.id, region);
      else
        warnings.add(
          {
            code: 'ignored-block',
            message: 'REGION block without an id was ignored',
            line: block.first + 1,
          },
          'vtt-region-id',
        );
      continue;
    }
    const timingIndex = head.includes('-->') ? 0 : block.lines[1]?.includes('-->') ? 1 : -1;
    if (timingIndex < 0) {
      warnings.add(
        {
          code: 'stray-text',
          message: 'block is neither a cue nor a NOTE/STYLE/REGION and was ignored',
          line: block.first + 1,
          column: 1,
        },
        'vtt-stray',
      );
      continue;
    }
    // A text line containing "-->" ends this cue and starts the next one (WebVTT parser rules).
    const textStart = timingIndex + 1;
    let textEnd = textStart;
    while (textEnd < block.lines.length && !block.lines[textEnd]!.includes('-->')) textEnd++;
    if (textEnd < block.lines.length) {
      blocks.splice(b + 1, 0, { first: block.first + textEnd, lines: block.lines.slice(textEnd) });
      warnings.add(
        {
          code: 'missing-blank-line',
          message: 'no blank line before the next cue',
          line: block.first + textEnd + 1,
          column: 1,
        },
        'vtt-missing-blank',
      );
    }
    const timingLine = block.first + timingIndex + 1;
    const timing = parseTiming(block.lines[timingIndex]!, timingLine, warnings);
    const settings = parseVttSettings({
      settings: timing.settings,
      line: timingLine,
      column: timing.settingsColumn,
      regions,
      warnings,
    });
    const body = parseVttCueText({
      text: block.lines.slice(textStart, textEnd).join('\n'),
      start: timing.start,
      end: timing.end,
      firstLine: timingLine + 1,
      classStyles: sheet.classes,
      warnings,
    });
    const spans = tidyLines(body.lines);
    const cue: SubtitleCue = {
      start: timing.start,
      end: timing.end,
      lines: spans,
      text: linesToText(spans),
      sourceLine: block.first + 1,
    };
    if (timingIndex === 1) cue.id = head;
    const style: SubtitleStyle = { ...sheet.global };
    if (settings.align) style.align = settings.align;
    if (Object.keys(style).length > 0) cue.style = style;
    if (settings.position) cue.position = settings.position;
    if (body.voice !== undefined) cue.voice = body.voice;
    // Timestamp tags time the words; how to show them (sweep, switch, typewriter) is the preset's call.
    if (body.words) cue.words = body.words;
    cues.push(cue);
  }
  return { format: 'vtt', cues: finalizeCues(cues, warnings), warnings: warnings.list() };
}

function parseTiming(
  line: string,
  lineNumber: number,
  warnings: WarningSink,
): { start: number; end: number; settings: string; settingsColumn: number } {
  const arrow = line.indexOf('-->');
  const left = line.slice(0, arrow);
  const leftColumn = left.length - left.trimStart().length + 1;
  const start = timestamp(left.trim(), lineNumber, leftColumn, warnings);
  const afterArrow = arrow + 3;
  const rest = line.slice(afterArrow);
  const endOffset = afterArrow + (rest.length - rest.trimStart().length);
  const endToken = /^\S*/.exec(line.slice(endOffset))![0];
  const end = timestamp(endToken, lineNumber, endOffset + 1, warnings);
  const settingsOffset = endOffset + endToken.length;
  const settingsRaw = line.slice(settingsOffset);
  return {
    start,
    end,
    settings: settingsRaw.trim(),
    settingsColumn: settingsOffset + (settingsRaw.length - settingsRaw.trimStart().length) + 1,
  };
}

function timestamp(token: string, line: number, column: number, warnings: WarningSink): number {
  const parsed = parseVttTimestamp(token);
  if (!parsed) {
    throw subtitleError({
      format: 'vtt',
      line,
      column,
      message: token === '' ? 'missing timestamp' : `invalid timestamp "${token.slice(0, 40)}"`,
    });
  }
  if (parsed.lenient) {
    warnings.add(
      {
        code: 'nonstandard-timestamp',
        message: `timestamp "${token}" is not valid WebVTT (expected [hh:]mm:ss.ttt); accepted`,
        line,
        column,
      },
      'vtt-lenient-ts',
    );
  }
  return parsed.seconds;
}

function parseRegion(settings: string): VttRegion | undefined {
  const region: VttRegion = {
    id: '',
    width: 1,
    lines: 3,
    regionAnchor: { x: 0, y: 1 },
    viewportAnchor: { x: 0, y: 1 },
    scroll: false,
  };
  const point = (value: string): { x: number; y: number } | undefined => {
    const match = /^(\d+(?:\.\d+)?)%,(\d+(?:\.\d+)?)%$/.exec(value);
    return match ? { x: Number(match[1]) / 100, y: Number(match[2]) / 100 } : undefined;
  };
  for (const setting of settings.split(/\s+/)) {
    const colon = setting.indexOf(':');
    if (colon <= 0) continue;
    const name = setting.slice(0, colon);
    const value = setting.slice(colon + 1);
    if (name === 'id' && value !== '' && !value.includes('-->')) region.id = value;
    else if (name === 'width' && /^\d+(?:\.\d+)?%$/.test(value))
      region.width = Math.min(1, parseFloat(value) / 100);
    else if (name === 'lines' && /^\d+$/.test(value)) region.lines = Number(value);
    else if (name === 'regionanchor') region.regionAnchor = point(value) ?? region.regionAnchor;
    else if (name === 'viewportanchor')
      region.viewportAnchor = point(value) ?? region.viewportAnchor;
    else if (name === 'scroll') region.scroll = value === 'up';
  }
  return region.id === '' ? undefined : region;
}
