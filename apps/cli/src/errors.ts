import { isEcgError, toEcgError, type EcgError } from '@ecg-render/errors';

/** Exit statuses: 0 success, 1 the job failed, 2 bad usage, 130 interrupted. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export class UsageError extends Error {}

export function describeError(error: unknown): {
  code: string;
  message: string;
  details: Record<string, unknown>;
} {
  if (error instanceof UsageError)
    return { code: 'INVALID_OPTIONS', message: error.message, details: {} };
  const e: EcgError = isEcgError(error) ? error : toEcgError(error);
  return { code: e.code, message: e.message, details: e.details };
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (isEcgError(error) && error.code === 'CANCELLED') return EXIT.interrupted;
  return EXIT.failed;
}

/**
 * Writes a command's failure and returns its exit status: bad usage (a UsageError, or node's
 * parseArgs refusing an option) with the command's help, exit 2; anything else as
 * `error [CODE]: message`, exit 1.
 */
export function reportCommandError(
  error: unknown,
  help: string,
  write: (text: string) => void,
): number {
  const usage =
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
  if (usage) {
    write(`error: ${(error as Error).message}\n\n${help}\n`);
    return EXIT.usage;
  }
  const { code, message } = describeError(error);
  write(`error [${code}]: ${message}\n`);
  return EXIT.failed;
}
