import type { EcgError } from '@ecg-render/errors';
import { describe, expect, it } from 'vitest';
import { parseWordJson } from './parse-word-json.js';

function failure(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    expect((error as EcgError).code).toBe('INVALID_SUBTITLES');
    return (error as EcgError).details;
  }
  throw new Error('expected INVALID_SUBTITLES');
}

describe('parseWordJson', () => {
  it('reads Whisper verbose JSON: segments with words (leading spaces kept as separators)', () => {
    const doc = parseWordJson(
      JSON.stringify({
        text: ' Hello world. Second.',
        language: 'en',
        segments: [
          {
            id: 0,
            start: 0.5,
            end: 2,
            text: ' Hello world.',
            words: [
              { word: ' Hello', start: 0.5, end: 1, probability: 0.9 },
              { word: ' world.', start: 1.1, end: 2, probability: 0.8 },
            ],
          },
          { id: 1, start: 2.5, end: 3, text: ' Second.' },
        ],
      }),
    );
    expect(doc.format).toBe('json');
    expect(doc.cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [0.5, 2, 'Hello world.'],
      [2.5, 3, 'Second.'],
    ]);
    expect(doc.cues[0]!.words).toEqual([
      { text: 'Hello', start: 0.5, end: 1 },
      { text: 'world.', start: 1.1, end: 2 },
    ]);
    expect(doc.cues[1]!.words).toBeUndefined();
  });

  it('reads a bare array of segments (faster-whisper) and Chinese words without spaces', () => {
    const doc = parseWordJson(
      JSON.stringify([
        {
          start: 0,
          end: 2,
          text: '你好世界',
          words: [
            { word: '你好', start: 0, end: 1 },
            { word: '世界', start: 1, end: 2 },
          ],
        },
      ]),
    );
    expect(doc.cues[0]!.text).toBe('你好世界');
    expect(doc.cues[0]!.words!.map((w) => w.text)).toEqual(['你好', '世界']);
  });

  it('reads top-level words (OpenAI word granularity) and groups them into cues', () => {
    const words = ['This', 'is', 'one.', 'And', 'after', 'a', 'pause', 'another.'].map(
      (word, index) => ({
        word,
        start: index < 3 ? index * 0.4 : 5 + index * 0.4,
        end: (index < 3 ? index * 0.4 : 5 + index * 0.4) + 0.3,
      }),
    );
    const doc = parseWordJson(JSON.stringify({ task: 'transcribe', text: '…', words }));
    expect(doc.cues.map((c) => c.text)).toEqual(['This is one.', 'And after a pause another.']);
    expect(doc.cues[1]!.start).toBeCloseTo(6.2);
  });

  it('reads WhisperX: speakers, scores, and words without times interpolated', () => {
    const doc = parseWordJson(
      JSON.stringify({
        segments: [
          {
            start: 1,
            end: 3,
            text: 'It costs 5 dollars',
            speaker: 'SPEAKER_00',
            words: [
              { word: 'It', start: 1, end: 1.2, score: 0.9 },
              { word: 'costs', start: 1.3, end: 1.7, score: 0.9 },
              { word: '5' },
              { word: 'dollars', start: 2.3, end: 3, score: 0.8 },
            ],
          },
        ],
        word_segments: [],
      }),
    );
    const cue = doc.cues[0]!;
    expect(cue.voice).toBe('SPEAKER_00');
    expect(cue.text).toBe('It costs 5 dollars');
    expect(cue.words![2]).toMatchObject({ text: '5', start: 1.7 });
    expect(cue.words![2]!.end).toBeCloseTo(2.3);
    expect(doc.warnings.map((w) => w.code)).toEqual(['interpolated-times']);
  });

  it('reads WhisperX word_segments and Deepgram results', () => {
    expect(
      parseWordJson(
        JSON.stringify({
          word_segments: [
            { word: 'Hi', start: 0, end: 0.5 },
            { word: 'there', start: 0.5, end: 1 },
          ],
        }),
      ).cues[0]!.text,
    ).toBe('Hi there');
    const deepgram = {
      results: {
        channels: [
          {
            alternatives: [
              {
                transcript: 'hi there',
                words: [
                  { word: 'hi', punctuated_word: 'Hi,', start: 0, end: 0.4 },
                  { word: 'there', punctuated_word: 'there.', start: 0.5, end: 1 },
                ],
              },
            ],
          },
        ],
      },
    };
    expect(parseWordJson(JSON.stringify(deepgram)).cues[0]!.text).toBe('Hi, there.');
  });

  it.each([
    ['broken JSON', '{\n  "segments": [\n    {"start": 1,, "end": 2}\n  ]\n}', 3, 17],
    ['an unterminated file', '{"segments": [', 1, 15],
    ['an unknown shape', '{\n"foo": 1\n}', 1, 1],
    ['a string time', '{"segments": [\n  {"start": "1.0", "end": 2, "text": "x"}\n]}', 2, 13],
    [
      'a negative time',
      '{"words": [{"word": "a", "start": 0, "end": 1},\n {"word": "b", "start": -1, "end": 2}]}',
      2,
      25,
    ],
    ['a word without text', '{"words": [\n  {"start": 0, "end": 1}\n]}', 2, 3],
    ['no segments or words', '{"segments": []}', 1, 1],
  ])('rejects %s with its line and column', (_name, text, line, column) => {
    expect(failure(() => parseWordJson(text))).toEqual({ format: 'json', line, column });
  });

  it('does not overflow the stack on deeply nested input', () => {
    expect(failure(() => parseWordJson('['.repeat(100_000)))).toMatchObject({
      format: 'json',
      line: 1,
    });
  });
});
