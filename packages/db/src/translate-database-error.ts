import { EcgError } from '@ecg-render/errors';

// Socket errors from the driver, and SQLSTATEs that mean "the server is gone or not accepting":
// class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now).
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
]);
const UNAVAILABLE_SQLSTATE = new Set(['57P01', '57P02', '57P03']);

/**
 * Turns "cannot reach the database" into DATABASE_UNAVAILABLE (retryable: the queue tries again,
 * /ready reports it); every other error passes through untouched, SQLSTATE and all, for
 * repositories that act on specific ones (23505 unique violation, 40001 serialization failure).
 */
export function translateDatabaseError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  if (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.has(code) || code.startsWith('08')) {
    // The driver's message (`connect ECONNREFUSED 10.0.3.4:5432`, a socket path) stays in the
    // cause, for logs: this message may reach API clients and job records, the code alone is safe.
    return new EcgError('DATABASE_UNAVAILABLE', `The database cannot be reached (${code})`, {
      cause: error,
    });
  }
  return error;
}
