import { describe, expect, it } from 'vitest';
import { EcgError, ERROR_CODES, isErrorCode, toEcgError } from './index.js';

describe('EcgError', () => {
  it('takes retryability from the registry unless overridden', () => {
    expect(new EcgError('BROWSER_CRASHED', 'x').retryable).toBe(true);
    expect(new EcgError('INVALID_SCENARIO', 'x').retryable).toBe(false);
    expect(new EcgError('INVALID_SCENARIO', 'x', { retryable: true }).retryable).toBe(true);
  });

  it('serialises code, message and details only', () => {
    const error = new EcgError('INVALID_SCENARIO', 'bad', { details: { path: '$.cues[0]' } });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'INVALID_SCENARIO',
      message: 'bad',
      details: { path: '$.cues[0]' },
    });
  });

  it('wraps foreign errors and keeps existing codes', () => {
    const original = new EcgError('UNSUPPORTED_MEDIA', 'no');
    expect(toEcgError(original)).toBe(original);
    expect(toEcgError(new Error('boom')).code).toBe('INTERNAL');
    expect(toEcgError('boom', 'FFMPEG_FAILED').code).toBe('FFMPEG_FAILED');
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toEcgError(abort).code).toBe('CANCELLED');
  });

  it('registry statuses are client or server errors', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(isErrorCode(code)).toBe(true);
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.status).toBeLessThan(600);
    }
    expect(isErrorCode('NOPE')).toBe(false);
  });
});
