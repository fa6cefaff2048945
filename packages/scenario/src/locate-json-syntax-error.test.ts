import { describe, expect, it } from 'vitest';
import { locateJsonSyntaxError } from './locate-json-syntax-error.js';

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 1, 9],
    ['{\n  "version": "2.0",\n  "cues": [}\n', 3, 12],
    ['{\r\n  "a": tru\r\n}', 2, 8],
    ['[1, 2', 1, 6],
    ['', 1, 1],
    ['{"한국어": "자막", x}', 1, 15],
  ])('finds where %j breaks: line %i, column %i', (text, line, column) => {
    expect(locateJsonSyntaxError(text)).toMatchObject({
      line,
      column,
      message: expect.any(String),
    });
  });

  it('is null for text that parses', () => {
    expect(locateJsonSyntaxError('{"version": "2.0", "cues": []}')).toBeNull();
  });
});
