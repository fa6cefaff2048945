import { EcgError, toEcgError } from '@ecg-render/errors';

export interface StorageErrorContext {
  op: string;
  key: string;
  bucket?: string;
}

/** HTTP status and S3 error code of an SDK error, when it has them. */
function describeS3Error(error: unknown): { status?: number; s3Code?: string } {
  if (typeof error !== 'object' || error === null) return {};
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const s3Code = (error as { Code?: unknown }).Code ?? (error as { name?: unknown }).name;
  return {
    ...(typeof status === 'number' && { status }),
    ...(typeof s3Code === 'string' && { s3Code }),
  };
}

/**
 * Turns whatever a storage call threw into an EcgError: a missing object → NOT_FOUND, a range
 * past the end → RANGE_NOT_SATISFIABLE, an abort → CANCELLED, an error we raised ourselves (or the
 * source stream raised) keeps its code, and everything else → STORAGE_FAILED (retryable) with the
 * SDK error as the cause.
 */
export function toStorageError(error: unknown, context: StorageErrorContext): EcgError {
  if (error instanceof EcgError) return error;
  if (error instanceof Error && error.name === 'AbortError') return toEcgError(error);
  const { status, s3Code } = describeS3Error(error);
  const details = { ...context, ...(status && { status }), ...(s3Code && { s3Code }) };
  if (s3Code === 'NoSuchKey' || (s3Code === 'NotFound' && context.op !== 'check')) {
    return new EcgError('NOT_FOUND', `No object at ${JSON.stringify(context.key)}`, {
      cause: error,
      details,
    });
  }
  if (s3Code === 'InvalidRange' || status === 416) {
    return new EcgError(
      'RANGE_NOT_SATISFIABLE',
      `The range is outside ${JSON.stringify(context.key)}`,
      {
        cause: error,
        details,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EcgError(
    'STORAGE_FAILED',
    `S3 ${context.op} failed for ${JSON.stringify(context.key)}: ${message}`,
    {
      cause: error,
      details,
    },
  );
}
