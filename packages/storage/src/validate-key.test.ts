import { describe, expect, it } from 'vitest';
import { validateKey } from './validate-key.js';
import { validatePrefix } from './validate-prefix.js';

describe('validateKey', () => {
  it.each([
    'a',
    'jobs/01HXYZ/attempt-1/output.mp4',
    'plugins/sha256-abc/index.mjs',
    'names with spaces/and-ünïcode.json',
    'a..b/c.d',
  ])('accepts %j', (key) => {
    expect(validateKey(key)).toBe(key);
  });

  it.each([
    ['', 'non-empty'],
    ['/etc/passwd', 'relative'],
    ['../outside', '"."'],
    ['a/../../outside', '"."'],
    ['a/./b', '"."'],
    ['.tmp/x', '"."'],
    ['a/.hidden', '"."'],
    ['a//b', 'empty path segment'],
    ['a/b/', 'empty path segment'],
    ['a\\..\\b', 'backslash'],
    ['nul\u0000byte', 'control'],
    ['line\nbreak', 'control'],
    ['x'.repeat(1025), 'longer than 1024'],
    [`${'y'.repeat(256)}/z`, 'segment is longer'],
  ])('refuses %j (%s)', (key, reason) => {
    expect(() => validateKey(key)).toThrow(
      expect.objectContaining({ code: 'INVALID_STORAGE_KEY' }),
    );
    expect(() => validateKey(key)).toThrow(reason);
  });

  it('refuses what is not a string', () => {
    expect(() => validateKey(undefined)).toThrow(
      expect.objectContaining({ code: 'INVALID_STORAGE_KEY' }),
    );
  });
});

describe('validatePrefix', () => {
  it('accepts a key followed by a slash', () => {
    expect(validatePrefix('jobs/1/')).toBe('jobs/1/');
  });

  it.each(['', '/', 'jobs/1', '../', 'a//'])('refuses %j', (prefix) => {
    expect(() => validatePrefix(prefix)).toThrow(
      expect.objectContaining({ code: 'INVALID_STORAGE_KEY' }),
    );
  });
});
