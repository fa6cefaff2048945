import { isErrorCode, type ErrorCode } from '@ecg-render/errors';

/**
 * BullMQ keeps only an error's message (as the job's `failedReason`). Writing it as
 * `CODE: message` keeps the stable code with the job, for the dashboard and for failure metrics.
 */
export function formatFailedReason(failure: { code: ErrorCode; message: string }): string {
  return `${failure.code}: ${failure.message}`;
}

/** The code and message in a `failedReason` written by formatFailedReason; INTERNAL otherwise. */
export function parseFailedReason(reason: string | undefined): {
  code: ErrorCode;
  message: string;
} {
  const match = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(reason ?? '');
  if (match && isErrorCode(match[1])) return { code: match[1], message: match[2] ?? '' };
  return { code: 'INTERNAL', message: reason ?? '' };
}
