import type { EcgError } from '@ecg-render/errors';
import { describe, expect, it } from 'vitest';
import { parseAss } from './parse-ass.js';
import { parseAssColor } from './ass-color.js';

const STYLE_FORMAT =
  'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding';
const DEFAULT_STYLE =
  'Style: Default,Arial,60,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,2,2,20,20,40,1';

/** A v4+ script at 1920×1080 with the given Dialogue lines (events start on line 12). */
function script(
  events: string[],
  styles: string[] = [DEFAULT_STYLE],
  info = 'PlayResX: 1920\nPlayResY: 1080',
): string {
  return `[Script Info]\nScriptType: v4.00+\n${info}\n\n[V4+ Styles]\n${STYLE_FORMAT}\n${styles.join('\n')}\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n${events.join('\n')}\n`;
}
const dialogue = (text: string, times = '0:00:01.00,0:00:04.00'): string =>
  `Dialogue: 0,${times},Default,,0,0,0,,${text}`;
/** Column of the Text field in `dialogue(…)` lines. */
const TEXT_COLUMN = 51;

function failure(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    expect((error as EcgError).code).toBe('INVALID_SUBTITLES');
    return (error as EcgError).details;
  }
  throw new Error('expected INVALID_SUBTITLES');
}

describe('ASS colours', () => {
  it.each([
    ['&H00FFFFFF', { r: 255, g: 255, b: 255, a: 1 }],
    ['&H000000FF', { r: 255, g: 0, b: 0, a: 1 }],
    ['&H00FF8000', { r: 0, g: 128, b: 255, a: 1 }],
    ['&HFF00FF00', { r: 0, g: 255, b: 0, a: 0 }],
    ['&H0000FF&', { r: 255, g: 0, b: 0, a: 1 }],
    ['&HFF0000&', { r: 0, g: 0, b: 255, a: 1 }],
    ['&hff', { r: 255, g: 0, b: 0, a: 1 }],
    ['255', { r: 255, g: 0, b: 0, a: 1 }],
    ['16777215', { r: 255, g: 255, b: 255, a: 1 }],
    ['-2147483393', { r: 255, g: 0, b: 0, a: 1 - 128 / 255 }],
  ])('reads %s with blue first and red last (AABBGGRR)', (value, expected) => {
    expect(parseAssColor(value)).toEqual(expected);
  });

  it.each(['', '&HXYZ', 'red', '&H123456789'])('rejects %j', (value) => {
    expect(parseAssColor(value)).toBeUndefined();
  });
});

describe('parseAss: styles and events', () => {
  it('maps the style: font, size, colours, bold, outline, shadow, alignment', () => {
    const doc = parseAss(
      script(
        [dialogue('Hello')],
        [
          'Style: Default,Noto Sans,60,&H0000FFFF,&H000000FF,&H00FF0000,&H80000000,-1,-1,0,0,100,100,0,0,1,3,2,8,20,20,40,1',
        ],
      ),
    );
    const cue = doc.cues[0]!;
    expect(cue).toMatchObject({ start: 1, end: 4, text: 'Hello', position: { anchor: 'tc' } });
    expect(cue.style).toMatchObject({
      fontFamily: 'Noto Sans',
      fontWeight: 700,
      italic: true,
      color: '#ffff00',
      outlineColor: '#0000ff',
      shadowColor: 'rgba(0,0,0,0.498)',
      align: 'center',
    });
    // Fontsize is the cell height: 60 px of 1080 at Arial's 2288/2048 cell-to-em ratio.
    expect(cue.style!.fontSize).toBeCloseTo((60 / 1080) * (2048 / 2288), 6);
    expect(cue.style!.outlineWidth).toBeCloseTo(3 / 1080, 6);
    expect(cue.style!.shadowDepth).toBeCloseTo(2 / 1080, 6);
    expect(doc.resolution).toEqual({ width: 1920, height: 1080 });
  });

  it('uses the outline colour for an opaque box (BorderStyle 3)', () => {
    const doc = parseAss(
      script(
        [dialogue('Boxed')],
        [
          'Style: Default,Arial,40,&H00FFFFFF,&H000000FF,&H40202020,&H00000000,0,0,0,0,100,100,0,0,3,2,0,2,10,10,10,1',
        ],
      ),
    );
    expect(doc.cues[0]!.style).toMatchObject({
      backgroundColor: 'rgba(32,32,32,0.749)',
      outlineWidth: 0,
    });
  });

  it('honours the Format line order and skips comments', () => {
    const text = `[Script Info]\n; a comment\nPlayResX: 640\nPlayResY: 480\n\n[Events]\nFormat: Style, Start, End, Text\nComment: Default,0:00:00.00,0:00:01.00,ignored\nDialogue: Default,0:00:01.50,0:00:02.00,Hi, there, you\n`;
    expect(parseAss(text).cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [1.5, 2, 'Hi, there, you'],
    ]);
  });

  it('reads SSA v4 scripts: Marked, TertiaryColour, decimal colours and legacy alignment', () => {
    const text = `[Script Info]\nScriptType: v4.00\nPlayResY: 480\n\n[V4 Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\nStyle: Default,Arial,24,65535,255,16711680,0,0,0,1,2,0,6,10,10,10,0,0\n\n[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0000,0000,0000,,Top\n`;
    const doc = parseAss(text);
    expect(doc.resolution).toEqual({ width: 640, height: 480 });
    expect(doc.cues[0]!.position).toMatchObject({ anchor: 'tc' });
    expect(doc.cues[0]!.style).toMatchObject({ color: '#ffff00', outlineColor: '#0000ff' });
  });

  it('defaults PlayRes to 384×288 like VSFilter, and uses Default for unknown styles', () => {
    const doc = parseAss(
      '[Script Info]\n\n[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Nope,,0,0,0,,x\n',
    );
    expect(doc.resolution).toEqual({ width: 384, height: 288 });
    expect(doc.warnings.map((w) => w.code)).toEqual(['missing-format', 'unknown-style']);
  });

  it('reads the actor as the voice and non-zero layers', () => {
    const doc = parseAss(script(['Dialogue: 2,0:00:01.00,0:00:02.00,Default,Alice,0,0,0,,Hi']));
    expect(doc.cues[0]).toMatchObject({ voice: 'Alice', layer: 2 });
  });
});

describe('parseAss: override tags', () => {
  const cueOf = (text: string, times?: string) =>
    parseAss(script([dialogue(text, times)])).cues[0]!;

  it('places \\pos by PlayRes and \\an as the anchor (numpad layout)', () => {
    expect(cueOf('{\\pos(960,540)\\an5}Mid').position).toEqual({ anchor: 'cc', x: 0.5, y: 0.5 });
    expect(cueOf('{\\an7}TL').position).toMatchObject({ anchor: 'tl' });
    expect(cueOf('{\\an3}BR').position).toMatchObject({ anchor: 'br' });
    expect(cueOf('{\\an4}CL').position).toMatchObject({ anchor: 'cl' });
    expect(cueOf('{\\a6}legacy top').position).toMatchObject({ anchor: 'tc' });
    expect(cueOf('{\\a10}legacy middle').position).toMatchObject({ anchor: 'cc' });
    // The first \an and the first \pos win, as in VSFilter and libass.
    expect(cueOf('{\\an8}{\\an2\\pos(0,0)\\pos(100,100)}x').position).toEqual({
      anchor: 'tc',
      x: 0,
      y: 0,
    });
  });

  it('keeps margins for unpositioned lines (event margins override the style)', () => {
    expect(cueOf('x').position).toEqual({
      anchor: 'bc',
      margin: { left: 20 / 1920, right: 20 / 1920, vertical: 40 / 1080 },
    });
    const doc = parseAss(script(['Dialogue: 0,0:00:01.00,0:00:02.00,Default,,100,0,216,,x']));
    expect(doc.cues[0]!.position!.margin).toEqual({
      left: 100 / 1920,
      right: 20 / 1920,
      vertical: 0.2,
    });
  });

  it('reads \\fad and the simple \\fade form as fades', () => {
    expect(cueOf('{\\fad(200,300)}x').fade).toEqual({ in: 0.2, out: 0.3 });
    expect(cueOf('{\\fade(255,0,255,0,250,2500,3000)}x').fade).toEqual({ in: 0.25, out: 0.5 });
    const doc = parseAss(script([dialogue('{\\fade(255,32,255,0,250,2500,3000)}x')]));
    expect(doc.cues[0]!.fade).toBeUndefined();
    expect(doc.warnings[0]).toMatchObject({
      code: 'unsupported-tag',
      line: 12,
      column: TEXT_COLUMN + 1,
    });
  });

  it('reads \\move with and without times', () => {
    expect(cueOf('{\\move(960,1080,960,540)}x').move).toEqual({
      from: { x: 0.5, y: 1 },
      to: { x: 0.5, y: 0.5 },
      start: 0,
      end: 3,
    });
    expect(cueOf('{\\move(0,0,1920,0,500,1500)}x').move).toEqual({
      from: { x: 0, y: 0 },
      to: { x: 1, y: 0 },
      start: 0.5,
      end: 1.5,
    });
  });

  it('reads \\k durations in centiseconds as word timings (switch) and \\kf as sweep', () => {
    const cue = cueOf('{\\k50}Ka{\\k50}ra{\\k100}o{\\k20}ke {\\k80}time', '0:00:10.00,0:00:14.00');
    expect(cue.karaoke).toBe('switch');
    expect(cue.text).toBe('Karaoke time');
    expect(cue.words).toEqual([
      { text: 'Karaoke', start: 10, end: 12.2 },
      { text: 'time', start: 12.2, end: 13 },
    ]);
    expect(cueOf('{\\kf100}one {\\K50}two').karaoke).toBe('sweep');
    expect(cueOf('{\\ko100}one {\\ko50}two').words).toEqual([
      { text: 'one', start: 1, end: 2 },
      { text: 'two', start: 2, end: 2.5 },
    ]);
  });

  it('colours karaoke like ASS: secondary before, primary once sung', () => {
    const style = cueOf('{\\k50}la {\\k50}la').style!;
    expect(style).toMatchObject({ color: '#ff0000', highlightColor: '#ffffff' });
  });

  it('turns inline \\b \\i \\c \\1c \\fs \\fn into span styles and \\r resets them', () => {
    const cue = cueOf('a{\\b1}b{\\i1\\c&H00FF00&}c{\\1c&HFF0000&\\fs30\\fnCourier}d{\\r}e');
    expect(cue.lines[0]!.map((span) => [span.text, span.style])).toEqual([
      ['a', undefined],
      ['b', { fontWeight: 700 }],
      ['c', { fontWeight: 700, italic: true, color: '#00ff00' }],
      [
        'd',
        {
          fontWeight: 700,
          italic: true,
          color: '#0000ff',
          fontSize: (30 / 1080) * (2048 / 2288),
          fontFamily: 'Courier',
        },
      ],
      ['e', undefined],
    ]);
  });

  it('reads \\N as a line break, \\n as a space (or a break with WrapStyle 2) and \\h as a hard space', () => {
    expect(
      cueOf('one\\Ntwo\\nthree\\hfour').lines.map((line) => line.map((s) => s.text).join('')),
    ).toEqual(['one', 'two three\u00a0four']);
    const wrapped = parseAss(
      script([dialogue('a\\nb')], [DEFAULT_STYLE], 'PlayResX: 1920\nPlayResY: 1080\nWrapStyle: 2'),
    );
    expect(wrapped.cues[0]!.text).toBe('a\nb');
  });

  it('drops unsupported tags with a warning naming the tag, line and column', () => {
    const doc = parseAss(
      script([
        dialogue('{\\blur2}x'),
        dialogue('{\\an8\\t(0,500,\\fs80)\\clip(0,0,10,10)}y{\\frz30}', '0:00:05.00,0:00:06.00'),
      ]),
    );
    expect(doc.cues.map((c) => c.text)).toEqual(['x', 'y']);
    expect(doc.warnings.map((w) => [w.message.split(' ')[0], w.line, w.column])).toEqual([
      ['\\blur2', 12, TEXT_COLUMN + 1],
      ['\\t(0,500,\\fs80)', 13, TEXT_COLUMN + 5],
      ['\\clip(0,0,10,10)', 13, TEXT_COLUMN + 20],
      ['\\frz30', 13, TEXT_COLUMN + 39],
    ]);
  });

  it('drops drawings (\\p1) and keeps the text after \\p0; comments in braces vanish', () => {
    const doc = parseAss(script([dialogue('{\\p1}m 0 0 l 100 0 100 100{\\p0}after{ a note }!')]));
    expect(doc.cues[0]!.text).toBe('after!');
    expect(doc.warnings[0]!.code).toBe('unsupported-tag');
  });
});

describe('parseAss: malformed input', () => {
  it.each([
    ['no sections', 'Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,x', 1, 1],
    ['a bad start time', script([dialogue('x', '0:00:0x.00,0:00:02.00')]), 12, 13],
    ['a bad end time', script([dialogue('x', '0:00:01.00, 0:61:02.00')]), 12, 25],
    ['too few fields', script(['Dialogue: 0,0:00:01.00,0:00:02.00,Default']), 12, 1],
  ])('rejects %s with its line and column', (_name, text, line, column) => {
    expect(failure(() => parseAss(text))).toEqual({ format: 'ass', line, column });
  });
});
