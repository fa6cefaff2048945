import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../types.js';
import { buildScenario } from './build-scenario.js';
import { exportSubtitles } from './export-subtitles.js';
import { formatTimestamp } from './format-timestamp.js';
import { importSubtitles } from './import-subtitles.js';
import { parseSrt } from './parse-srt.js';
import { parseVtt } from './parse-vtt.js';
import type { PresetName } from './preset-types.js';

/** A deterministic pseudo-random source (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'hello',
  'world',
  'caption',
  'subtitle',
  'render',
  'frame',
  'video',
  'the',
  'a',
  'quick',
  'brown',
  'fox',
  '안녕하세요',
  '여러분',
  '42',
  'don’t',
  'it’s',
];

/** An SRT with odd millisecond times, short and long lines, and cues that touch or overlap. */
function generatedSrt(seed: number, count: number): string {
  const next = random(seed);
  let start = Math.floor(next() * 5000);
  const cues: string[] = [];
  for (let i = 0; i < count; i++) {
    const duration = 1 + Math.floor(next() * 6000);
    const end = start + duration;
    const lines = Array.from({ length: 1 + Math.floor(next() * 2) }, () =>
      // At most five words, so every line fits the presets' width and keeps its breaks.
      Array.from(
        { length: 1 + Math.floor(next() * 5) },
        () => WORDS[Math.floor(next() * WORDS.length)],
      ).join(' '),
    );
    cues.push(
      `${i + 1}\n${formatTimestamp(start, ',')} --> ${formatTimestamp(end, ',')}\n${lines.join('\n')}\n`,
    );
    start = next() < 0.2 ? start + Math.floor(duration / 2) : end + Math.floor(next() * 2000);
  }
  return cues.join('\n');
}

describe('exportSubtitles', () => {
  it.each(['clean', 'boxed', 'typewriter'] as PresetName[])(
    'round-trips SRT through a %s scenario to the millisecond',
    (preset) => {
      for (const seed of [1, 2, 3]) {
        const srt = generatedSrt(seed, 60);
        const { scenario } = importSubtitles(srt, { preset });
        expect(exportSubtitles(scenario, 'srt')).toBe(srt);
      }
    },
  );

  it('round-trips times at the edges: first millisecond, hour boundaries, one-millisecond cues', () => {
    const srt = [
      '1\n00:00:00,000 --> 00:00:00,001\na\n',
      '2\n00:59:59,999 --> 01:00:00,000\nb\n',
      '3\n99:59:59,998 --> 99:59:59,999\nc\n',
      '4\n123:00:00,000 --> 123:00:00,005\nd\n',
    ].join('\n');
    expect(exportSubtitles(importSubtitles(srt).scenario, 'srt')).toBe(srt);
  });

  it('keeps the words of lines the builder had to break', () => {
    const line =
      'this subtitle line is far too long to fit on one line of a sixteen by nine frame at this size';
    const srt = exportSubtitles(
      importSubtitles(`00:00:01,000 --> 00:00:04,000\n${line}`).scenario,
      'srt',
    );
    const [, times, ...text] = srt.trim().split('\n');
    expect(times).toBe('00:00:01,000 --> 00:00:04,000');
    expect(text).toHaveLength(2);
    expect(text.join(' ')).toBe(line);
  });

  it('keeps text: styled spans joined, long lines as the builder broke them', () => {
    const { scenario } = importSubtitles(
      '00:00:01,000 --> 00:00:02,000\n<i>Hello</i> <b>there</b>, friend',
      { filename: 'x.srt' },
    );
    expect(exportSubtitles(scenario, 'srt')).toBe(
      '1\n00:00:01,000 --> 00:00:02,000\nHello there, friend\n',
    );
  });

  it('writes WebVTT with escaped text that reads back the same', () => {
    const { scenario } = importSubtitles(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nTom &amp; Jerry &lt;3 --&gt;\n\n01:00.000 --> 01:01.000\nB',
    );
    const vtt = exportSubtitles(scenario, 'vtt');
    expect(vtt).toBe(
      'WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nTom &amp; Jerry &lt;3 --&gt;\n\n00:01:00.000 --> 00:01:01.000\nB\n',
    );
    expect(parseVtt(vtt).cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [1, 2.5, 'Tom & Jerry <3 -->'],
      [60, 61, 'B'],
    ]);
  });

  it('joins words with spaces, except Chinese and Japanese; Korean keeps its spaces', () => {
    const json = JSON.stringify({
      segments: [
        {
          start: 0,
          end: 2,
          words: [
            { word: '今日は', start: 0, end: 1 },
            { word: 'いい天気', start: 1, end: 2 },
          ],
        },
        {
          start: 2,
          end: 4,
          words: [
            { word: ' 안녕하세요', start: 2, end: 3 },
            { word: ' 여러분', start: 3, end: 4 },
          ],
        },
        {
          start: 4,
          end: 6,
          words: [
            { word: ' Hello', start: 4, end: 5 },
            { word: ' 世界', start: 5, end: 6 },
          ],
        },
      ],
    });
    for (const preset of ['clean', 'karaoke', 'typewriter'] as PresetName[]) {
      const text = exportSubtitles(importSubtitles(json, { preset }).scenario, 'srt');
      expect(text).toContain('\n今日はいい天気\n');
      expect(text).toContain('\n안녕하세요 여러분\n');
      expect(text).toContain('\nHello 世界\n');
    }
  });

  it('exports social pages as their own cues', () => {
    const doc = parseSrt('00:00:01,000 --> 00:00:05,000\none two three four five six seven eight');
    const { scenario } = buildScenario(doc, { preset: 'social' });
    const srt = exportSubtitles(scenario, 'srt');
    expect(srt.split('\n\n')).toHaveLength(scenario.cues.length);
    expect(
      srt
        .replace(/^\d+\n.*\n/gm, '')
        .split('\n')
        .filter(Boolean)
        .join(' '),
    ).toBe('one two three four five six seven eight');
  });

  it('exports scenarios written by others: the ECG word-caption demo with define references', () => {
    const fixture = JSON.parse(
      readFileSync(
        new URL('../../../../fixtures/motiontext/cwi_demo_full.json', import.meta.url),
        'utf8',
      ),
    ) as Scenario;
    const srt = exportSubtitles(fixture, 'srt');
    expect(
      srt.startsWith(
        '1\n00:00:04,908 --> 00:00:08,754\nYou know, we should all do. Go see a musical.\n\n2\n00:00:12,279 --> 00:00:12,740\nSure.\n',
      ),
    ).toBe(true);
    expect(srt.split('\n\n')).toHaveLength(fixture.cues.length);
  });

  it('resolves define references and percentage display times, and skips cues without text', () => {
    const scenario: Scenario = {
      version: '2.0',
      timebase: { unit: 'seconds' },
      stage: { baseAspect: '16:9' },
      define: { t: [2, 4], greeting: 'Hi' },
      tracks: [{ id: 't', type: 'subtitle', layer: 1 }],
      cues: [
        {
          id: 'a',
          track: 't',
          root: {
            id: 'r',
            eType: 'group',
            displayTime: 'define.t' as unknown as [number, number],
            children: [{ id: 'x', eType: 'text', text: 'define.greeting' }],
          },
        },
        {
          id: 'b',
          track: 't',
          root: {
            id: 'r2',
            eType: 'group',
            children: [
              { id: 'y', eType: 'text', text: 'Late', displayTime: [5, 6] },
              { id: 'i', eType: 'image', src: 'logo.png' },
            ],
          },
        },
        {
          id: 'c',
          track: 't',
          root: {
            id: 'r3',
            eType: 'group',
            displayTime: [7, 8],
            children: [{ id: 'z', eType: 'image', src: 'logo.png' }],
          },
        },
      ],
    };
    expect(exportSubtitles(scenario, 'srt')).toBe(
      '1\n00:00:02,000 --> 00:00:04,000\nHi\n\n2\n00:00:05,000 --> 00:00:06,000\nLate\n',
    );
  });
});
