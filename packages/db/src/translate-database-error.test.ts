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

  it("keeps the driver's message (host:port) out of its own message, in the cause for logs", () => {
    const driver = Object.assign(new Error('connect ECONNREFUSED 10.0.3.4:5432'), {
      code: 'ECONNREFUSED',
    });
    const translated = translateDatabaseError(driver);
    expect(translated).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database cannot be reached (ECONNREFUSED)',
      cause: driver,
    });
  });
});
