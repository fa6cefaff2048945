import { finalizeCues } from './finalize-cues.js';
import { groupWordsIntoCues } from './group-words-into-cues.js';
import { joinWords } from './join-words.js';
import { JsonSyntaxError } from './json-syntax-error.js';
import { parseJsonWithPositions, type PositionedJson } from './parse-json-with-positions.js';
import { subtitleError } from './subtitle-error.js';
import { tokensToWords, type TimedToken } from './tokens-to-words.js';
import type { SubtitleCue, SubtitleDocument, WordTiming } from './types.js';
import { createWarningSink, type WarningSink } from './warning-sink.js';

type Json = Record<string, unknown>;

interface Context {
  text: string;
  lines?: number[];
  json: PositionedJson;
  warnings: WarningSink;
}

/**
 * Word-timed transcripts from speech recognition:
 * - Whisper verbose JSON and faster-whisper: `{segments: [{start, end, text, words?: [{word, start,
 *   end, probability}]}]}`, or a bare array of such segments;
 * - OpenAI's word granularity and similar: top-level `{words: [{word|text, start, end}]}`;
 * - WhisperX: segments with `speaker` and words with `score`, possibly without times for tokens it
 *   could not align (interpolated here), or only `word_segments`;
 * - Deepgram: `results.channels[0].alternatives[0].words` (`punctuated_word` preferred).
 * Times are seconds. A flat word list is grouped into subtitle-sized cues.
 */
export function parseWordJson(text: string): SubtitleDocument {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const warnings = createWarningSink();
  let json: PositionedJson;
  try {
    json = parseJsonWithPositions(body);
  } catch (error) {
    if (error instanceof JsonSyntaxError)
      throw fail({ text: body }, error.offset, `invalid JSON: ${error.message}`);
    throw error;
  }
  const context: Context = { text: body, json, warnings };
  const root = json.value;
  let cues: SubtitleCue[];
  if (Array.isArray(root)) {
    cues =
      root.length > 0 && isObject(root[0]) && ('word' in root[0] || 'punctuated_word' in root[0])
        ? cuesFromWords(readWords(context, root, 'words'))
        : readSegments(context, root);
  } else if (isObject(root) && Array.isArray(root.segments) && root.segments.length > 0) {
    cues = readSegments(context, root.segments);
  } else if (isObject(root) && Array.isArray(root.words)) {
    cues = cuesFromWords(readWords(context, root.words, 'words'));
  } else if (isObject(root) && Array.isArray(root.word_segments)) {
    cues = cuesFromWords(readWords(context, root.word_segments, 'word_segments'));
  } else if (isObject(root) && deepgramWords(root)) {
    cues = cuesFromWords(
      readWords(context, deepgramWords(root)!, 'results.channels[0].alternatives[0].words'),
    );
  } else if (isObject(root) && Array.isArray(root.segments)) {
    cues = [];
  } else {
    throw fail(
      context,
      0,
      'not a word-timed transcript: expected "segments" or "words" (Whisper, WhisperX, faster-whisper, Deepgram)',
    );
  }
  if (cues.length === 0) throw fail(context, 0, 'the transcript has no segments or words');
  return { format: 'json', cues: finalizeCues(cues, warnings), warnings: warnings.list() };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepgramWords(root: Json): unknown[] | undefined {
  const results = root.results;
  if (!isObject(results) || !Array.isArray(results.channels)) return undefined;
  const channel: unknown = results.channels[0];
  if (!isObject(channel) || !Array.isArray(channel.alternatives)) return undefined;
  const alternative: unknown = channel.alternatives[0];
  return isObject(alternative) && Array.isArray(alternative.words) ? alternative.words : undefined;
}

/** Offsets where lines start, so any offset maps to line/column by binary search. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return starts;
}

function position(
  context: { text: string; lines?: number[] },
  offset: number,
): { line: number; column: number } {
  const starts = (context.lines ??= lineStarts(context.text));
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

function fail(context: { text: string; lines?: number[] }, offset: number, message: string): Error {
  return subtitleError({ format: 'json', ...position(context, offset), message });
}

/** A finite, non-negative number of seconds at `container[key]`, or undefined when absent. */
function readTime(
  context: Context,
  container: Json,
  key: string,
  path: string,
): number | undefined {
  const value = container[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw fail(
      context,
      context.json.offsetOf(container, key) ?? 0,
      `${path}.${key} must be a non-negative number of seconds`,
    );
  }
  return value;
}

function readWords(context: Context, list: unknown[], path: string): WordTiming[] {
  const raw: { text: string; start?: number; end?: number }[] = [];
  list.forEach((item, index) => {
    const itemPath = `${path}[${index}]`;
    if (!isObject(item))
      throw fail(context, context.json.offsetOf(list, index) ?? 0, `${itemPath} must be an object`);
    const textValue = item.punctuated_word ?? item.word ?? item.text;
    if (typeof textValue !== 'string') {
      throw fail(
        context,
        context.json.offsetOf(list, index) ?? 0,
        `${itemPath} needs a "word" or "text" string`,
      );
    }
    const start = readTime(context, item, 'start', itemPath);
    const end = readTime(context, item, 'end', itemPath);
    const entry: { text: string; start?: number; end?: number } = { text: textValue };
    if (start !== undefined) entry.start = start;
    if (end !== undefined) entry.end = end;
    raw.push(entry);
  });
  const timed = interpolateMissingTimes(raw, context.warnings);
  // Some producers (OpenAI, WhisperX, Deepgram) give bare words; Whisper keeps each word's leading
  // space. Bare words get a space between them so they do not run together.
  const spaced = raw.some((word) => /\s/.test(word.text));
  const tokens: TimedToken[] = timed.map((word, index) => ({
    ...word,
    text: spaced || index === 0 ? word.text : ` ${word.text}`,
  }));
  return tokensToWords(tokens);
}

/** WhisperX leaves numbers and symbols it could not align without times: spread them evenly. */
function interpolateMissingTimes(
  words: { text: string; start?: number; end?: number }[],
  warnings: WarningSink,
): WordTiming[] {
  let missing = 0;
  const result: WordTiming[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.start !== undefined && word.end !== undefined) {
      if (word.end < word.start) {
        warnings.add(
          {
            code: 'invalid-word-time',
            message: 'a word ends before it starts; its end was set to its start',
          },
          'json-word-order',
        );
      }
      result.push({ text: word.text, start: word.start, end: Math.max(word.start, word.end) });
      continue;
    }
    missing++;
    const previousEnd = result[result.length - 1]?.end ?? word.start ?? 0;
    let j = i + 1;
    while (j < words.length && words[j]!.start === undefined) j++;
    const nextStart = words[j]?.start ?? word.end ?? previousEnd;
    const slots = j - i;
    const slot = Math.max(0, nextStart - previousEnd) / slots;
    const start = word.start ?? previousEnd;
    result.push({ text: word.text, start, end: word.end ?? Math.max(start, start + slot) });
  }
  if (missing > 0) {
    warnings.add(
      {
        code: 'interpolated-times',
        message: `${missing} word(s) had no times; they were interpolated between their neighbours`,
      },
      'json-interpolated',
    );
  }
  return result;
}

function readSegments(context: Context, segments: unknown[]): SubtitleCue[] {
  const cues: SubtitleCue[] = [];
  segments.forEach((segment, index) => {
    const path = `segments[${index}]`;
    const offset = context.json.offsetOf(segments, index) ?? 0;
    if (!isObject(segment)) throw fail(context, offset, `${path} must be an object`);
    const words =
      Array.isArray(segment.words) && segment.words.length > 0
        ? readWords(context, segment.words, `${path}.words`)
        : undefined;
    const start = readTime(context, segment, 'start', path) ?? words?.[0]?.start;
    const end = readTime(context, segment, 'end', path) ?? words?.[words.length - 1]?.end;
    if (start === undefined || end === undefined)
      throw fail(context, offset, `${path} needs "start" and "end" times`);
    const textValue = segment.text;
    if (textValue !== undefined && typeof textValue !== 'string') {
      throw fail(
        context,
        context.json.offsetOf(segment, 'text') ?? offset,
        `${path}.text must be a string`,
      );
    }
    const plain = words
      ? joinWords(words.map((word) => word.text))
      : (textValue ?? '').trim().replace(/\s+/g, ' ');
    const { line } = position(context, offset);
    const cue: SubtitleCue = {
      start,
      end,
      lines: plain === '' ? [] : [[{ text: plain }]],
      text: plain,
      sourceLine: line,
    };
    if (words) cue.words = words;
    if (typeof segment.speaker === 'string' && segment.speaker !== '') cue.voice = segment.speaker;
    cues.push(cue);
  });
  return cues;
}

function cuesFromWords(words: WordTiming[]): SubtitleCue[] {
  return groupWordsIntoCues(words).map((group) => {
    const plain = joinWords(group.map((word) => word.text));
    return {
      start: group[0]!.start,
      end: Math.max(...group.map((word) => word.end)),
      lines: [[{ text: plain }]],
      text: plain,
      words: group,
      sourceLine: 1,
    } satisfies SubtitleCue;
  });
}
