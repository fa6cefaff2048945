import { setMaxListeners } from 'node:events';
import { heartbeatSegment, updateJobProgress, type Job } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { isShutdownAbort, recordJobEvent } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';

export type StopReason = 'shutdown' | 'cancel-requested' | 'lease-lost' | 'timeout';

export interface ProgressReport {
  /** 0–100 of the whole job. */
  progress: number;
  fps?: number | null;
  etaSeconds?: number | null;
  framesDone?: number | null;
  framesTotal?: number | null;
}

export interface AttemptHeartbeat {
  /** Aborts when the attempt must stop: see stopReason. Pass it to every long operation. */
  signal: AbortSignal;
  /** Why the signal aborted; null while the attempt may go on. */
  stopReason(): StopReason | null;
  /** The latest progress; written with the next heartbeat (so at most once per interval). */
  report(progress: ProgressReport): void;
  /** A heartbeat now (before a long step, or to flush the last progress). */
  beat(): Promise<void>;
  stop(): void;
}

/**
 * Keeps one attempt's claim alive and tells it when to stop. Every `heartbeatMs` it renews the
 * job's lease (and the segment's, for a segment attempt) with the latest progress; the answer
 * says whether this attempt still holds the job and whether the user asked to cancel. Progress
 * also becomes webhook events (recordJobEvent throttles them). The signal aborts on a cancel
 * request, a lost claim (another attempt took over after our lease lapsed), RENDER_TIMEOUT, or
 * the task's own signal (worker shutdown).
 */
export function startAttemptHeartbeat(input: {
  rt: WorkerRuntime;
  job: Job;
  /** The attempt that holds the job (for a segment: the planner's, shared by all segments). */
  jobAttemptId: string;
  segment?: { index: number; attemptId: string };
  taskSignal: AbortSignal;
  /** Emit progress webhooks (whole-job renders; segments report per completed segment). */
  progressEvents: boolean;
}): AttemptHeartbeat {
  const { rt, job } = input;
  const controller = new AbortController();
  // Every download, upload and FFmpeg run of the attempt listens to this one signal (a join reads
  // each segment with its own stream): more than Node's default of 10 is expected, not a leak.
  setMaxListeners(64, controller.signal);
  let reason: StopReason | null = null;
  const stop = (why: StopReason, error: EcgError): void => {
    if (reason !== null) return;
    reason = why;
    controller.abort(error);
  };
  const timeoutMs = rt.config.worker.renderTimeoutSeconds * 1000;
  const timeout = setTimeout(
    () =>
      stop(
        'timeout',
        new EcgError(
          'RENDER_TIMEOUT',
          `The render took longer than ${rt.config.worker.renderTimeoutSeconds} s`,
        ),
      ),
    timeoutMs,
  );
  timeout.unref();
  const onTaskAbort = (): void =>
    stop(
      isShutdownAbort(input.taskSignal) ? 'shutdown' : 'cancel-requested',
      new EcgError('CANCELLED', 'The worker is shutting down', { details: { reason: 'shutdown' } }),
    );
  if (input.taskSignal.aborted) onTaskAbort();
  else input.taskSignal.addEventListener('abort', onTaskAbort, { once: true });

  let pending: ProgressReport | null = null;
  let failures = 0;
  let beating: Promise<void> | null = null;

  const beatOnce = async (): Promise<void> => {
    if (reason !== null) return;
    const progress = pending;
    pending = null;
    try {
      if (input.segment) {
        const held = await heartbeatSegment(rt.sql, {
          jobId: job.id,
          index: input.segment.index,
          attemptId: input.segment.attemptId,
          leaseSeconds: rt.timing.leaseSeconds,
        });
        if (!held) {
          stop('lease-lost', new EcgError('CONFLICT', 'Another attempt holds this segment now'));
          return;
        }
      }
      const result = await updateJobProgress(rt.sql, {
        id: job.id,
        attemptId: input.jobAttemptId,
        leaseSeconds: rt.timing.leaseSeconds,
        ...(progress ?? {}),
      });
      failures = 0;
      if (!result.accepted) {
        stop('lease-lost', new EcgError('CONFLICT', 'This attempt no longer holds the job'));
      } else if (result.cancelRequested) {
        stop('cancel-requested', new EcgError('CANCELLED', 'The job was cancelled'));
      } else if (progress && input.progressEvents) {
        await recordJobEvent({
          sql: rt.sql,
          dispatcher: rt.dispatcher,
          job: { ...job, ...definedOnly(progress) },
          type: 'progress',
          throttle: rt.throttle,
        });
      }
    } catch (error) {
      // A database hiccup: keep rendering, and give up the attempt only once the lease has
      // certainly lapsed (another worker may then take the job over).
      failures += 1;
      if (progress && pending === null) pending = progress;
      rt.logger.warn({ jobId: job.id, err: error }, 'heartbeat failed');
      if (failures * rt.timing.heartbeatMs >= rt.timing.leaseSeconds * 1000) {
        stop(
          'lease-lost',
          new EcgError('DATABASE_UNAVAILABLE', 'Heartbeats failed for a whole lease'),
        );
      }
    }
  };
  const beat = (): Promise<void> => {
    beating ??= beatOnce().finally(() => (beating = null));
    return beating;
  };
  const interval = setInterval(() => void beat(), rt.timing.heartbeatMs);

  return {
    signal: controller.signal,
    stopReason: () => reason,
    report(progress) {
      pending = { ...pending, ...progress };
    },
    beat,
    stop() {
      clearInterval(interval);
      clearTimeout(timeout);
      input.taskSignal.removeEventListener('abort', onTaskAbort);
    },
  };
}

function definedOnly(report: ProgressReport): Partial<Job> {
  const out: Partial<Job> = { progress: report.progress };
  if (report.fps !== undefined) out.fps = report.fps;
  if (report.etaSeconds !== undefined) out.etaSeconds = report.etaSeconds;
  if (report.framesDone !== undefined) out.framesDone = report.framesDone;
  if (report.framesTotal !== undefined) out.framesTotal = report.framesTotal;
  return out;
}
