import { EcgError } from '@ecg-render/errors';
import { describe, expect, it } from 'vitest';
import { buildScenario } from './build-scenario.js';
import { exportSubtitles } from './export-subtitles.js';
import { parseSubtitles } from './parse-subtitles.js';
import { presetNames } from './preset-names.js';
import { checkScenarioStructure } from './testing/check-scenario-structure.js';
import type { SubtitleFormat } from './types.js';

/** mulberry32: a seeded generator, so any failure reproduces from its seed. */
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

const SAMPLES: Record<SubtitleFormat, string> = {
  srt: '1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> <font color="#ff0000">there</font>\n{\\an8}second line\n\n2\n00:00:02,000 --> 00:00:04,000\n안녕하세요 여러분 今日は\n',
  vtt: 'WEBVTT - t\n\nSTYLE\n::cue(.a) { color: red }\n\nREGION\nid:r width:40% lines:2 viewportanchor:10%,90%\n\nNOTE x\n\nid1\n00:01.000 --> 00:04.000 line:10% position:20%,line-left size:50% align:start region:r\n<v Bob>Never <00:01.500>drink <c.a.yellow>liquid</c> &amp; <ruby>漢<rt>かん</rt></ruby>\n\n00:05.000 --> 00:06.000\nB\n',
  ass: '[Script Info]\nPlayResX: 1280\nPlayResY: 720\nWrapStyle: 0\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\nStyle: Default,Arial,40,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,20,1\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,{\\pos(640,360)\\fad(100,200)\\c&H00FF00&}Hi\\Nthere{\\t(\\fs50)}\nDialogue: 1,0:00:02.00,0:00:05.00,Default,,0,0,0,,{\\k20}ka{\\kf30}ra {\\ko50}ke{\\move(0,0,10,10)}{\\p1}m 0 0{\\p0}\n',
  json: JSON.stringify({
    segments: [
      {
        start: 0.5,
        end: 2,
        text: ' Hi there',
        words: [
          { word: ' Hi', start: 0.5, end: 1 },
          { word: ' there', start: 1, end: 2 },
        ],
      },
      { start: 2, end: 3, text: '你好' },
    ],
    words: [{ word: 'x', start: 0, end: 1 }],
  }),
};

const ALPHABET = [
  '<',
  '>',
  '{',
  '}',
  '\\',
  ':',
  ',',
  '.',
  '-',
  '-->',
  '\n',
  '\n\n',
  '\r',
  ' ',
  '0',
  '9',
  '&',
  ';',
  '#',
  '[',
  ']',
  '"',
  '(',
  ')',
  '%',
  'a',
  'Z',
  '안',
  '字',
  '。',
  '\u0000',
  '\uFEFF',
  '\uD800',
  '-1',
  '99',
  'e9',
  'null',
  '[Events]',
  'WEBVTT',
  '<00:00:01.000>',
  '{\\k',
  '\\N',
];

function mutate(text: string, next: () => number): string {
  let result = text;
  const operations = 1 + Math.floor(next() * 6);
  for (let k = 0; k < operations; k++) {
    const at = Math.floor(next() * (result.length + 1));
    const pick = next();
    if (pick < 0.3)
      result =
        result.slice(0, at) + ALPHABET[Math.floor(next() * ALPHABET.length)] + result.slice(at);
    else if (pick < 0.5)
      result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 8));
    else if (pick < 0.65)
      result =
        result.slice(0, at) +
        String.fromCharCode(Math.floor(next() * 0x3000)) +
        result.slice(at + 1);
    else if (pick < 0.75) result = result.slice(0, at);
    else if (pick < 0.85) {
      const from = Math.floor(next() * result.length);
      result =
        result.slice(0, at) + result.slice(from, from + Math.floor(next() * 80)) + result.slice(at);
    } else {
      const lines = result.split('\n');
      const a = Math.floor(next() * lines.length);
      const b = Math.floor(next() * lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      result = lines.join('\n');
    }
  }
  return result;
}

/** Parses, and when that succeeds builds with a preset and exports: nothing may throw but INVALID_SUBTITLES. */
function exercise(
  text: string,
  format: SubtitleFormat | undefined,
  presetIndex: number,
): 'parsed' | 'rejected' {
  let doc;
  try {
    doc = parseSubtitles(text, format ? { format } : {});
  } catch (error) {
    if (!(error instanceof EcgError) || error.code !== 'INVALID_SUBTITLES') throw error;
    const { line, column } = error.details as { line: number; column: number };
    expect(Number.isInteger(line) && line >= 1 && line <= text.split(/\r\n|\r|\n/).length + 1).toBe(
      true,
    );
    expect(Number.isInteger(column) && column >= 1).toBe(true);
    return 'rejected';
  }
  for (const cue of doc.cues) {
    expect(Number.isFinite(cue.start) && Number.isFinite(cue.end) && cue.end > cue.start).toBe(
      true,
    );
  }
  const preset = presetNames[presetIndex % presetNames.length]!;
  const { scenario } = buildScenario(doc, {
    preset,
    aspect: presetIndex % 2 === 0 ? '16:9' : '9:16',
  });
  const problems = checkScenarioStructure(scenario);
  if (problems.length > 0) throw new Error(`${preset}: ${problems.slice(0, 4).join('; ')}`);
  exportSubtitles(scenario, presetIndex % 2 === 0 ? 'srt' : 'vtt');
  return 'parsed';
}

describe('fuzz: mutated and random inputs never crash or hang', () => {
  it.each(Object.keys(SAMPLES) as SubtitleFormat[])(
    '%s: mutated samples either parse into valid scenarios or fail with a position',
    (format) => {
      const next = random(0xc0ffee + format.length);
      const outcomes = { parsed: 0, rejected: 0 };
      let slowest = 0;
      for (let i = 0; i < 300; i++) {
        const input = mutate(SAMPLES[format], next);
        const started = performance.now();
        try {
          outcomes[exercise(input, i % 3 === 0 ? undefined : format, i)]++;
        } catch (error) {
          throw new Error(
            `seed case ${i} (${JSON.stringify(input).slice(0, 300)}): ${String(error)}`,
          );
        }
        slowest = Math.max(slowest, performance.now() - started);
      }
      expect(outcomes.parsed).toBeGreaterThan(20);
      expect(slowest).toBeLessThan(1000);
    },
  );

  it('random text in every format fails cleanly', () => {
    const next = random(7);
    for (let i = 0; i < 200; i++) {
      const length = Math.floor(next() * 300);
      const input = Array.from({ length }, () =>
        next() < 0.3
          ? ALPHABET[Math.floor(next() * ALPHABET.length)]
          : String.fromCharCode(Math.floor(next() * 0x800)),
      ).join('');
      for (const format of [undefined, 'srt', 'vtt', 'ass', 'json'] as const)
        exercise(input, format, i);
    }
  });

  it('handles large and adversarial inputs in linear-ish time', () => {
    const started = performance.now();
    const manyCues = Array.from(
      { length: 3000 },
      (_, i) =>
        `${i + 1}\n00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},000 --> 00:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')},900\nline ${i}\n`,
    ).join('\n');
    exercise(manyCues, 'srt', 0);
    exercise(
      `00:00:01,000 --> 00:00:09,000\n${'<i>'.repeat(20_000)}x${'{\\an8}'.repeat(5_000)}`,
      'srt',
      1,
    );
    exercise(
      `WEBVTT\n\n00:01.000 --> 00:09.000\n${'<c.a>'.repeat(20_000)}${'<00:02.000>w '.repeat(5_000)}`,
      'vtt',
      2,
    );
    exercise(
      `[Events]\nDialogue: 0,0:00:01.00,0:00:09.00,Default,,0,0,0,,${'{\\k1}x '.repeat(5_000)}`,
      'ass',
      3,
    );
    exercise(
      `[Events]\nDialogue: 0,0:00:01.00,0:00:09.00,Default,,0,0,0,,{${'('.repeat(50_000)}`,
      'ass',
      4,
    );
    exercise(
      JSON.stringify({
        words: Array.from({ length: 10_000 }, (_, i) => ({
          word: i % 7 === 0 ? '.' : 'w',
          start: i * 0.1,
          end: i * 0.1 + 0.05,
        })),
      }),
      'json',
      5,
    );
    exercise(`00:00:01,000 --> 00:00:09,000\n${'字'.repeat(30_000)}`, 'srt', 6);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
