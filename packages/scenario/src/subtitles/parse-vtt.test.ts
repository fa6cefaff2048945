import type { EcgError } from '@ecg-render/errors';
import { describe, expect, it } from 'vitest';
import { parseVtt } from './parse-vtt.js';

function failure(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    expect((error as EcgError).code).toBe('INVALID_SUBTITLES');
    return (error as EcgError).details;
  }
  throw new Error('expected INVALID_SUBTITLES');
}

const one = (body: string): ReturnType<typeof parseVtt>['cues'][number] => {
  const cues = parseVtt(`WEBVTT\n\n${body}`).cues;
  expect(cues).toHaveLength(1);
  return cues[0]!;
};

describe('parseVtt: file structure (W3C WebVTT)', () => {
  it.each([
    ['the bare signature', 'WEBVTT\n\n00:01.000 --> 00:02.000\nA'],
    ['a title after a space', 'WEBVTT - My film\n\n00:01.000 --> 00:02.000\nA'],
    ['a title after a tab', 'WEBVTT\tx\n\n00:01.000 --> 00:02.000\nA'],
    ['a BOM and CRLF', '\uFEFFWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nA\r\n'],
    ['header metadata lines', 'WEBVTT\nKind: captions\nLanguage: en\n\n00:01.000 --> 00:02.000\nA'],
    ['hours', 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA'],
  ])('accepts %s', (_name, text) => {
    expect(parseVtt(text).cues.map((c) => [c.start, c.end, c.text])).toEqual([[1, 2, 'A']]);
  });

  it('reads hours of more than two digits and minutes/seconds without hours', () => {
    const doc = parseVtt(
      'WEBVTT\n\n100:00:00.000 --> 100:00:01.500\nA\n\n59:59.999 --> 60:00:00.000\nB',
    );
    expect(doc.cues.map((c) => [c.start, c.end])).toEqual([
      [3599.999, 216000],
      [360000, 360001.5],
    ]);
  });

  it('keeps cue identifiers, skips NOTE blocks, and a timing line in a text ends the cue', () => {
    const doc = parseVtt(
      'WEBVTT\n\nNOTE this is a comment\nspanning lines\n\nintro 1\n00:01.000 --> 00:02.000\nA\n00:03.000 --> 00:04.000\nB\n\nNOTE\n\n00:05.000 --> 00:06.000\nC',
    );
    expect(doc.cues.map((c) => [c.id, c.text])).toEqual([
      ['intro 1', 'A'],
      [undefined, 'B'],
      [undefined, 'C'],
    ]);
    expect(doc.warnings.map((w) => [w.code, w.line])).toEqual([['missing-blank-line', 9]]);
  });

  it('ignores blocks that are not cues, with a warning', () => {
    const doc = parseVtt('WEBVTT\n\nsomething odd\nmore\n\n00:01.000 --> 00:02.000\nA');
    expect(doc.cues).toHaveLength(1);
    expect(doc.warnings[0]).toMatchObject({ code: 'stray-text', line: 3 });
  });

  it('applies STYLE ::cue and ::cue(.class) rules before the first cue only', () => {
    const doc = parseVtt(
      'WEBVTT\n\nSTYLE\n::cue { color: #fff; font-family: "Noto Sans", sans-serif }\n/* comment */\n::cue(.loud) { color: red; font-weight: bold; text-shadow: 1px 1px #000 }\n\n00:01.000 --> 00:02.000\n<c.loud>Hey</c> you\n\nSTYLE\n::cue { color: blue }\n\n00:03.000 --> 00:04.000\nB',
    );
    expect(doc.cues[0]!.style).toEqual({ color: '#fff', fontFamily: 'Noto Sans' });
    expect(doc.cues[0]!.lines[0]).toEqual([
      { text: 'Hey', style: { color: 'red', fontWeight: 700 } },
      { text: ' you' },
    ]);
    expect(doc.cues[1]!.style).toEqual({ color: '#fff', fontFamily: 'Noto Sans' });
    expect(doc.warnings.map((w) => w.code)).toEqual(['unsupported-style', 'ignored-block']);
  });

  it('places cues in a REGION by its anchors', () => {
    const cue = parseVtt(
      'WEBVTT\n\nREGION\nid:fred width:40% lines:3 regionanchor:0%,100% viewportanchor:10%,90%\n\n00:01.000 --> 00:02.000 region:fred\nA',
    ).cues[0]!;
    expect(cue.position).toMatchObject({ anchor: 'bc', maxWidth: 0.4 });
    expect(cue.position!.x).toBeCloseTo(0.3);
    expect(cue.position!.y).toBeCloseTo(0.9);
  });
});

describe('parseVtt: cue settings', () => {
  it.each([
    ['line:0', { anchor: 'tc', y: 0 }],
    ['line:-1', { anchor: 'bc', y: 1 }],
    ['line:50%', { anchor: 'tc', y: 0.5 }],
    ['line:90%,end', { anchor: 'bc', y: 0.9 }],
    ['line:50%,center', { anchor: 'cc', y: 0.5 }],
    ['position:10%,line-left', { anchor: 'bl', x: 0.1 }],
    ['position:90%,line-right', { anchor: 'br', x: 0.9 }],
    ['position:30%', { anchor: 'bc', x: 0.3 }],
    ['size:50%', { anchor: 'bc', maxWidth: 0.5 }],
    ['align:left', { anchor: 'bl' }],
    ['align:end', { anchor: 'br' }],
    ['line:10% position:20% align:start size:60%', { anchor: 'tl', x: 0.2, y: 0.1, maxWidth: 0.6 }],
  ])('maps %s to a position hint', (settings, position) => {
    expect(one(`00:01.000 --> 00:02.000 ${settings}\nA`).position).toEqual(position);
  });

  it('maps align to the text alignment', () => {
    expect(one('00:01.000 --> 00:02.000 align:right\nA').style).toEqual({ align: 'right' });
    expect(one('00:01.000 --> 00:02.000 align:center\nA').style).toEqual({ align: 'center' });
  });

  it('reports vertical text and invalid settings, ignoring them', () => {
    const doc = parseVtt(
      'WEBVTT\n\n00:01.000 --> 00:02.000 vertical:rl line:abc size:120% foo:bar\nA',
    );
    expect(doc.cues[0]!.position).toBeUndefined();
    expect(doc.warnings.map((w) => [w.code, w.column])).toEqual([
      ['unsupported-setting', 25],
      ['invalid-setting', 37],
      ['invalid-setting', 46],
      ['invalid-setting', 56],
    ]);
  });
});

describe('parseVtt: cue text', () => {
  it('decodes character references and keeps unknown ones literally', () => {
    expect(
      one(
        '00:01.000 --> 00:02.000\nTom &amp; Jerry &lt;3 &gt; &#65;&#x42; a&nbsp;b &lrm;x &bogus; & ;',
      ).text,
    ).toBe('Tom & Jerry <3 > AB a\u00a0b \u200ex &bogus; & ;');
  });

  it('reads voice spans, classes and <i>/<b>/<u>', () => {
    const cue = one(
      '00:01.000 --> 00:02.000\n<v.loud Bob Smith>Hi <i>there</i></v>\n<v Ann>-<b>Bold</b> <u>u</u> <c.yellow.bg_blue>sky</c>',
    );
    expect(cue.voice).toBe('Bob Smith');
    expect(cue.lines).toEqual([
      [
        { text: 'Hi ', voice: 'Bob Smith' },
        { text: 'there', style: { italic: true }, voice: 'Bob Smith' },
      ],
      [
        { text: '-', voice: 'Ann' },
        { text: 'Bold', style: { fontWeight: 700 }, voice: 'Ann' },
        { text: ' ', voice: 'Ann' },
        { text: 'u', style: { underline: true }, voice: 'Ann' },
        { text: ' ', voice: 'Ann' },
        { text: 'sky', style: { color: '#ffff00', backgroundColor: '#0000ff' }, voice: 'Ann' },
      ],
    ]);
  });

  it('keeps ruby base text and drops the annotation, and tolerates unclosed tags', () => {
    const cue = one('00:01.000 --> 00:02.000\n<ruby>漢<rt>かん</rt>字<rt>じ</ruby> <b>open');
    expect(cue.text).toBe('漢字 open');
  });

  it('turns in-cue timestamps into word timings for karaoke', () => {
    const cue = one(
      '00:01.000 --> 00:04.000\nNever <00:01.500>drink <00:02.000>liquid <00:03.000>nitrogen',
    );
    expect(cue.text).toBe('Never drink liquid nitrogen');
    expect(cue.words).toEqual([
      { text: 'Never', start: 1, end: 1.5 },
      { text: 'drink', start: 1.5, end: 2 },
      { text: 'liquid', start: 2, end: 3 },
      { text: 'nitrogen', start: 3, end: 4 },
    ]);
  });

  it('merges timed syllables of one word and keeps CJK segments separate', () => {
    const latin = one('00:01.000 --> 00:03.000\nka<00:01.500>ra<00:02.000>o<00:02.500>ke').words;
    expect(latin).toEqual([{ text: 'karaoke', start: 1, end: 3 }]);
    const japanese = one('00:00:01.000 --> 00:00:03.000\n今日は<00:00:02.000>いい天気').words;
    expect(japanese).toEqual([
      { text: '今日は', start: 1, end: 2 },
      { text: 'いい天気', start: 2, end: 3 },
    ]);
  });

  it('shares a timed run among its words and keeps word styles', () => {
    const words = one('00:00.000 --> 00:02.000\nab <b>cd</b> <00:01.000>ef').words;
    expect(words).toEqual([
      { text: 'ab', start: 0, end: 0.5 },
      { text: 'cd', start: 0.5, end: 1, style: { fontWeight: 700 } },
      { text: 'ef', start: 1, end: 2 },
    ]);
  });

  it('clamps timestamps outside the cue or going backwards, with a warning', () => {
    const doc = parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\na <00:05.000>b <00:00.500>c');
    expect(doc.cues[0]!.words!.map((w) => [w.start, w.end])).toEqual([
      [1, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(doc.warnings[0]).toMatchObject({
      code: 'invalid-timestamp',
      line: 4,
      column: 3,
      count: 2,
    });
  });
});

describe('parseVtt: malformed input', () => {
  it.each([
    ['a missing signature', '00:01.000 --> 00:02.000\nA', 1, 1],
    ['a lowercase signature', 'webvtt\n\n00:01.000 --> 00:02.000\nA', 1, 1],
    ['a glued signature', 'WEBVTTX\n\n00:01.000 --> 00:02.000\nA', 1, 1],
    ['a bad start', 'WEBVTT\n\n00:0x.000 --> 00:02.000\nA', 3, 1],
    ['a bad end', 'WEBVTT\n\nid\n00:01.000 --> 00:02.0a0 line:0\nA', 4, 15],
    ['seconds above 59', 'WEBVTT\n\n00:01.000 --> 00:60.000\nA', 3, 15],
  ])('rejects %s with its line and column', (_name, text, line, column) => {
    expect(failure(() => parseVtt(text))).toEqual({ format: 'vtt', line, column });
  });

  it('accepts near-miss timestamps with a warning', () => {
    const doc = parseVtt('WEBVTT\n\n0:1,5 --> 00:00:02,000\nA');
    expect(doc.cues[0]).toMatchObject({ start: 1.5, end: 2 });
    expect(doc.warnings[0]).toMatchObject({
      code: 'nonstandard-timestamp',
      line: 3,
      column: 1,
      count: 2,
    });
  });
});
