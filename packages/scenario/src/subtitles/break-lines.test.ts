import { describe, expect, it } from 'vitest';
import { breakLines } from './break-lines.js';
import { LINE_BREAK_RULES } from './line-break-rules.js';
import { estimateTextWidth } from './text-width.js';

const texts = (text: string, maxWidth: number): string[] =>
  breakLines(text, { maxWidth }).map((line) => line.text);

describe('estimateTextWidth', () => {
  it.each([
    ['Hello', 0.722 + 0.556 + 0.222 + 0.222 + 0.556],
    ['123', 3 * 0.556],
    ['a b', 0.556 + 0.278 + 0.556],
    ['你好', 2],
    ['안녕', 2 * 0.92],
    ['こんにちは', 5],
    ['ｶﾀｶﾅ', 2],
    ['é', 0.556],
    ['e\u0301', 0.556],
    ['—…', 2],
    ['', 0],
  ])('%j is %f em', (text, width) => {
    expect(estimateTextWidth(text)).toBeCloseTo(width, 6);
  });

  it('takes bold Latin from the bold table; CJK and Hangul keep their width', () => {
    expect(estimateTextWidth('Hello', { fontWeight: 700 })).toBeCloseTo(
      0.722 + 0.556 + 0.278 + 0.278 + 0.611,
      6,
    );
    expect(estimateTextWidth('Hello', { fontWeight: 599 })).toBeCloseTo(
      estimateTextWidth('Hello'),
      6,
    );
    expect(estimateTextWidth('你好', { fontWeight: 700 })).toBe(2);
    expect(estimateTextWidth('안녕', { fontWeight: 700 })).toBeCloseTo(1.84, 6);
  });
});

describe('breakLines', () => {
  it('keeps a line that fits', () => {
    expect(texts('Short line', 20)).toEqual(['Short line']);
    expect(texts('   ', 20)).toEqual([]);
  });

  it('uses the fewest lines and balances them instead of filling the first', () => {
    const text = 'The quick brown fox jumps over the lazy dog and keeps running';
    const lines = breakLines(text, { maxWidth: 20 });
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => l.text)).toEqual([
      'The quick brown fox jumps over',
      'the lazy dog and keeps running',
    ]);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(20);
    expect(Math.abs(lines[0]!.width - lines[1]!.width)).toBeLessThan(2);
  });

  it('prefers breaking after clause punctuation when it costs little balance', () => {
    expect(texts('When we finally arrived there, the party had started', 18)).toEqual([
      'When we finally arrived there,',
      'the party had started',
    ]);
  });

  it('never breaks inside a Latin word, even when it overflows', () => {
    expect(texts('a supercalifragilisticexpialidocious word', 6)).toEqual([
      'a',
      'supercalifragilisticexpialidocious',
      'word',
    ]);
    expect(texts('well-known things', 4)).toEqual(['well-', 'known', 'things']);
  });

  it('returns offsets into the input', () => {
    const text = '  Hello   big world  ';
    for (const line of breakLines(text, { maxWidth: 4 }))
      expect(text.slice(line.start, line.end)).toBe(line.text);
  });

  it('breaks Korean at spaces between words', () => {
    const lines = texts('안녕하세요 여러분 오늘은 정말 좋은 날씨입니다', 12);
    expect(lines).toEqual(['안녕하세요 여러분 오늘은', '정말 좋은 날씨입니다']);
  });

  it('splits a Korean word between syllables only when it cannot fit alone', () => {
    const lines = texts('가나다라마바사아자차카타파하', 5);
    expect(lines.join('')).toBe('가나다라마바사아자차카타파하');
    for (const line of lines) expect(estimateTextWidth(line)).toBeLessThanOrEqual(5);
  });

  it('breaks Japanese between characters, never before closing punctuation or small kana', () => {
    const text = '今日はとても良い天気ですね。明日もきっと晴れるでしょう。ちょっと散歩しましょう。';
    for (const width of [3, 4, 5, 6, 7, 9, 11]) {
      const lines = texts(text, width);
      expect(lines.join('')).toBe(text);
      for (const line of lines) {
        expect(LINE_BREAK_RULES.noLineStart.has(line.codePointAt(0)!)).toBe(false);
        expect(estimateTextWidth(line)).toBeLessThanOrEqual(width + 1);
      }
    }
  });

  it('breaks Chinese without ending a line on an opening bracket or starting one with a comma', () => {
    const text = '他说：「我们明天去北京，好吗？」我说：「好的。」';
    for (const width of [3, 4, 5, 6, 8]) {
      const lines = texts(text, width);
      expect(lines.join('')).toBe(text);
      for (const line of lines) {
        expect(LINE_BREAK_RULES.noLineStart.has(line.codePointAt(0)!)).toBe(false);
        expect(LINE_BREAK_RULES.noLineEnd.has([...line].pop()!.codePointAt(0)!)).toBe(false);
      }
    }
  });

  it('keeps Latin words whole inside CJK text', () => {
    const lines = texts('我们都喜欢用JavaScript和TypeScript写程序', 7);
    expect(lines.join('')).toBe('我们都喜欢用JavaScript和TypeScript写程序');
    expect(lines.some((line) => line.includes('JavaScript'))).toBe(true);
    expect(lines.some((line) => line.includes('TypeScript'))).toBe(true);
  });

  it('does not break before French spaced punctuation or across a no-break space', () => {
    expect(texts('Vraiment ? Oui !', 5)).toEqual(['Vraiment ?', 'Oui !']);
    expect(texts('10\u00a0km away', 3)).toEqual(['10\u00a0km', 'away']);
  });

  it('stays fast on pathological input', () => {
    const started = performance.now();
    breakLines('字'.repeat(50_000), { maxWidth: 20 });
    breakLines('a '.repeat(50_000), { maxWidth: 20 });
    breakLines('x'.repeat(50_000), { maxWidth: 20 });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
