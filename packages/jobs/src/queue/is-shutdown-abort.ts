import { isEcgError } from '@ecg-render/errors';

/**
 * True when a task's signal aborted because the worker is shutting down (the job must be
 * released for another worker), as opposed to a cancel or a timeout. Both dispatchers abort with
 * an EcgError CANCELLED whose `details.reason` is `shutdown`.
 */
export function isShutdownAbort(signal: AbortSignal): boolean {
  const reason: unknown = signal.reason;
  return signal.aborted && isEcgError(reason) && reason.details['reason'] === 'shutdown';
}
