import { EcgError } from '@ecg-render/errors';
import { describe, expect, it } from 'vitest';
import { parseSrt } from './parse-srt.js';

/** Runs `fn`, expecting INVALID_SUBTITLES; returns its details. */
function failure(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EcgError);
    expect((error as EcgError).code).toBe('INVALID_SUBTITLES');
    return (error as EcgError).details;
  }
  throw new Error('expected INVALID_SUBTITLES');
}

describe('parseSrt: SubRip conventions', () => {
  it('reads numbered cues with comma milliseconds and multi-line text', () => {
    const doc = parseSrt(
      '1\n00:00:01,000 --> 00:00:02,500\nHello\nworld\n\n2\n00:01:00,250 --> 01:00:00,001\nSecond\n',
    );
    expect(doc.format).toBe('srt');
    expect(doc.cues.map((c) => [c.id, c.start, c.end, c.text])).toEqual([
      ['1', 1, 2.5, 'Hello\nworld'],
      ['2', 60.25, 3600.001, 'Second'],
    ]);
    expect(doc.warnings).toEqual([]);
  });

  it.each([
    [
      'CRLF',
      '1\r\n00:00:01,000 --> 00:00:02,000\r\nA\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nB\r\n',
    ],
    ['lone CR', '1\r00:00:01,000 --> 00:00:02,000\rA\r\r2\r00:00:03,000 --> 00:00:04,000\rB\r'],
    ['BOM', '\uFEFF1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB'],
    ['no numbering', '00:00:01,000 --> 00:00:02,000\nA\n\n00:00:03,000 --> 00:00:04,000\nB\n'],
    [
      'wrong numbering',
      '7\n00:00:01,000 --> 00:00:02,000\nA\n\n7\n00:00:03,000 --> 00:00:04,000\nB\n',
    ],
    [
      'missing blank lines',
      '1\n00:00:01,000 --> 00:00:02,000\nA\n2\n00:00:03,000 --> 00:00:04,000\nB\n',
    ],
    [
      'missing blank line and number',
      '00:00:01,000 --> 00:00:02,000\nA\n00:00:03,000 --> 00:00:04,000\nB',
    ],
    [
      'dot decimals',
      '1\n00:00:01.000 --> 00:00:02.000\nA\n\n2\n00:00:03.000 --> 00:00:04.000\nB\n',
    ],
    ['no hours', '1\n00:01,000 --> 00:02,000\nA\n\n2\n00:03,000 --> 00:04,000\nB\n'],
    [
      'one-digit fields and short fractions',
      '1\n0:0:1,0 --> 0:0:2,00\nA\n\n2\n0:00:3.0 --> 0:00:4\nB\n',
    ],
    [
      'extra blank lines and trailing spaces',
      '\n\n1  \n00:00:01,000   -->   00:00:02,000  \nA  \n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n\n\n',
    ],
    ['short arrow', '1\n00:00:01,000 -> 00:00:02,000\nA\n\n2\n00:00:03,000 -> 00:00:04,000\nB\n'],
  ])('tolerates %s', (_name, text) => {
    const doc = parseSrt(text);
    expect(doc.cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [1, 2, 'A'],
      [3, 4, 'B'],
    ]);
  });

  it('reads fractions as decimals and hours of up to three digits', () => {
    const doc = parseSrt('00:00:01,5 --> 00:00:01,75\nx\n\n100:00:00,000 --> 100:00:01,000\ny');
    expect(doc.cues.map((c) => [c.start, c.end])).toEqual([
      [1.5, 1.75],
      [360000, 360001],
    ]);
  });

  it('keeps a number-only text line that is not followed by a timing line', () => {
    const doc = parseSrt(
      '1\n00:00:01,000 --> 00:00:02,000\n42\n\n2\n00:00:03,000 --> 00:00:04,000\nB',
    );
    expect(doc.cues[0]!.text).toBe('42');
  });

  it('sorts out-of-order cues and keeps overlaps, with warnings', () => {
    const doc = parseSrt(
      '1\n00:00:05,000 --> 00:00:06,000\nlate\n\n2\n00:00:01,000 --> 00:00:03,000\nearly\n\n3\n00:00:02,000 --> 00:00:04,000\noverlap\n',
    );
    expect(doc.cues.map((c) => c.text)).toEqual(['early', 'overlap', 'late']);
    const codes = doc.warnings.map((w) => w.code);
    expect(codes).toContain('out-of-order');
    expect(codes).toContain('overlap');
    expect(doc.warnings.find((w) => w.code === 'overlap')!.line).toBe(9);
  });

  it('drops cues that end before they start and empty cues, with warnings', () => {
    const doc = parseSrt(
      '1\n00:00:05,000 --> 00:00:04,000\nbackwards\n\n2\n00:00:06,000 --> 00:00:07,000\n\n3\n00:00:08,000 --> 00:00:09,000\nok',
    );
    expect(doc.cues.map((c) => c.text)).toEqual(['ok']);
    expect(doc.warnings.map((w) => [w.code, w.line])).toEqual([
      ['dropped-cue', 1],
      ['empty-cue', 5],
    ]);
  });

  it('ignores coordinates after the end time with a warning', () => {
    const doc = parseSrt('1\n00:00:01,000 --> 00:00:02,000  X1:100 X2:600 Y1:50 Y2:80\nA');
    expect(doc.cues[0]!.end).toBe(2);
    expect(doc.warnings[0]).toMatchObject({ code: 'unsupported-setting', line: 2, column: 32 });
  });
});

describe('parseSrt: markup', () => {
  it('turns <i> <b> <u> and <font color> into styled spans', () => {
    const doc = parseSrt(
      '1\n00:00:01,000 --> 00:00:02,000\n<i>It</i> is <b>very</b> <font color="#FF0000">red</font> <u>now</u>',
    );
    expect(doc.cues[0]!.lines).toEqual([
      [
        { text: 'It', style: { italic: true } },
        { text: ' is ' },
        { text: 'very', style: { fontWeight: 700 } },
        { text: ' ' },
        { text: 'red', style: { color: '#ff0000' } },
        { text: ' ' },
        { text: 'now', style: { underline: true } },
      ],
    ]);
    expect(doc.cues[0]!.text).toBe('It is very red now');
  });

  it('carries tags across lines and tolerates unclosed tags and uppercase', () => {
    const doc = parseSrt('1\n00:00:01,000 --> 00:00:02,000\n<I>one\ntwo</I> three\n<b>unclosed');
    expect(doc.cues[0]!.lines).toEqual([
      [{ text: 'one', style: { italic: true } }],
      [{ text: 'two', style: { italic: true } }, { text: ' three' }],
      [{ text: 'unclosed', style: { fontWeight: 700 } }],
    ]);
  });

  it('accepts colour names and bare hex, and rejects anything else', () => {
    const doc = parseSrt(
      '1\n00:00:01,000 --> 00:00:02,000\n<font color=yellow>a</font><font color=\'00ff00\'>b</font><font color="red;background:url(x)">c</font>',
    );
    expect(doc.cues[0]!.lines[0]).toEqual([
      { text: 'a', style: { color: 'yellow' } },
      { text: 'b', style: { color: '#00ff00' } },
      { text: 'c' },
    ]);
    expect(doc.warnings.map((w) => w.code)).toEqual(['invalid-color']);
  });

  it('reads {\\an8} as a position hint and {\\an1} … {\\an9} as the numpad', () => {
    const at = (tag: string): unknown =>
      parseSrt(`1\n00:00:01,000 --> 00:00:02,000\n${tag}Text`).cues[0]!.position;
    expect(at('{\\an8}')).toEqual({ anchor: 'tc' });
    expect(at('{\\an1}')).toEqual({ anchor: 'bl' });
    expect(at('{\\an5}')).toEqual({ anchor: 'cc' });
    expect(at('{\\an9}')).toEqual({ anchor: 'tr' });
    expect(at('{\\a6}')).toEqual({ anchor: 'tc' });
    expect(at('')).toBeUndefined();
    expect(parseSrt('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Text').cues[0]!.text).toBe('Text');
  });

  it('keeps a "<" or "{" that is not markup as text, and warns about unknown tags', () => {
    const doc = parseSrt(
      '1\n00:00:01,000 --> 00:00:02,000\na < b, {not a tag} <3\n<blink>x</blink>',
    );
    expect(doc.cues[0]!.text).toBe('a < b, {not a tag} <3\nx');
    expect(doc.warnings[0]).toMatchObject({
      code: 'unsupported-tag',
      line: 4,
      column: 1,
      count: 2,
    });
  });
});

describe('parseSrt: malformed input', () => {
  it.each([
    ['an empty file', '', 1, 1],
    ['text without timings', 'hello\nworld', 1, 1],
    ['a bad start time', '1\n00:00:0x,000 --> 00:00:02,000\nA', 2, 1],
    ['a bad end time', '1\n00:00:01,000 --> 00:00:02;000\nA', 2, 18],
    ['a missing end time', '1\n00:00:01,000 -->\nA', 2, 17],
    ['seconds above 59', '1\n00:00:01,000 --> 00:00:61,000\nA', 2, 18],
    [
      'a bad time in a later cue',
      '1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n  1:2:3:4:5 --> 00:00:04,000\nB',
      6,
      3,
    ],
  ])('rejects %s with its line and column', (_name, text, line, column) => {
    expect(failure(() => parseSrt(text))).toEqual({ format: 'srt', line, column });
  });
});
