import type { JobState } from './job.js';

/**
 * Which state a job may move to from which. Every write that changes `state` puts "state is one
 * of the allowed sources" in its WHERE clause (see jobSourcesFor), so an illegal move matches no
 * row and is rejected, never silently applied.
 *
 * - queued → processing: an attempt claims it; → cancelled: cancelled before it ran; → failed:
 *   refused before it ran (e.g. the reconciler gives up).
 * - processing → processing: another attempt takes over after the holder's lease expired;
 *   → queued: released (graceful shutdown, retry after a transient failure, stale worker);
 *   → completed | failed | cancelled: the current attempt finishes.
 * - completed, failed and cancelled are final.
 */
export const JOB_TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['processing', 'cancelled', 'failed'],
  processing: ['processing', 'queued', 'completed', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function canTransitionJob(from: JobState, to: JobState): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

/** The states a job may be in for a move to `to`: the WHERE clause of a guarded update. */
export function jobSourcesFor(to: JobState): JobState[] {
  return (Object.keys(JOB_TRANSITIONS) as JobState[]).filter((from) => canTransitionJob(from, to));
}

export function isFinishedJobState(state: JobState): boolean {
  return JOB_TRANSITIONS[state].length === 0;
}
