import { describe, expect, it } from 'vitest';
import { JOB_STATES, type JobState } from './job.js';
import { canTransitionJob, isFinishedJobState, jobSourcesFor } from './job-state-machine.js';

// Every (from, to) pair, with the ones that are allowed listed explicitly: anything not listed
// must be refused, so a new transition is a deliberate edit here too.
const ALLOWED = new Set([
  'queued→processing',
  'queued→cancelled',
  'queued→failed',
  'processing→processing',
  'processing→queued',
  'processing→completed',
  'processing→failed',
  'processing→cancelled',
]);

describe('job state machine', () => {
  const pairs = JOB_STATES.flatMap((from) =>
    JOB_STATES.map((to) => [from, to] as [JobState, JobState]),
  );
  it.each(pairs)('%s → %s', (from, to) => {
    expect(canTransitionJob(from, to)).toBe(ALLOWED.has(`${from}→${to}`));
  });

  it('completed, failed and cancelled are final', () => {
    expect(JOB_STATES.filter(isFinishedJobState)).toEqual(['completed', 'failed', 'cancelled']);
  });

  it('lists the sources of each target for guarded updates', () => {
    expect(jobSourcesFor('completed')).toEqual(['processing']);
    expect(jobSourcesFor('cancelled')).toEqual(['queued', 'processing']);
    expect(jobSourcesFor('queued')).toEqual(['processing']);
  });
});
