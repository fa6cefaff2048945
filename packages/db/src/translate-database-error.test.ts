import { describe, expect, it } from 'vitest';
import { isEcgError } from '@ecg-render/errors';
import { translateDatabaseError } from './translate-database-error.js';

function withCode(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('translateDatabaseError', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '08006', '08001', '57P01', '57P03'])(
    '%s means the database is unavailable',
    (code) => {
      const translated = translateDatabaseError(withCode(code));
      expect(isEcgError(translated) && translated.code).toBe('DATABASE_UNAVAILABLE');
    },
  );

  it.each(['23505', '40001', '42P01'])('%s passes through for the caller to act on', (code) => {
    const error = withCode(code);
    expect(translateDatabaseError(error)).toBe(error);
  });
});
