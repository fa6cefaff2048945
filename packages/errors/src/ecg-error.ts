import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface EcgErrorOptions {
  /** Structured facts a client can use (JSON path, frame number, line/column…). JSON-safe. */
  details?: Record<string, unknown>;
  cause?: unknown;
  /** Overrides the registry's retryability for this one failure. */
  retryable?: boolean;
}

/** A failure with a stable code. Domain code throws these; edges translate them (exit code, HTTP). */
export class EcgError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: EcgErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EcgError';
    this.code = code;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isEcgError(error: unknown): error is EcgError {
  return error instanceof EcgError;
}

/** Wraps anything thrown into an EcgError, keeping codes that are already there. */
export function toEcgError(error: unknown, fallback: ErrorCode = 'INTERNAL'): EcgError {
  if (error instanceof EcgError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new EcgError('CANCELLED', 'The operation was cancelled', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EcgError(fallback, message, { cause: error });
}
