import { validateKey } from '@ecg-render/storage';

/**
 * Where a job's objects live. Outputs are named by the attempt that wrote them, so a losing or
 * crashed attempt never overwrites the published object (DESIGN.md, reliability invariants);
 * everything under `work/` is scratch for segmented renders and removed when the job ends.
 */
export const jobStorageKeys = {
  /** The published video of one attempt. */
  output: (input: { jobId: string; attemptId: string; extension: string }): string =>
    validateKey(`jobs/${input.jobId}/output/${input.attemptId}${input.extension}`),
  /** A small JPEG of the latest rendered frame, replaced while the job renders. */
  preview: (jobId: string): string => validateKey(`jobs/${jobId}/preview.jpg`),
  /** Scratch of a segmented render; deletePrefix removes it. */
  workPrefix: (jobId: string): string => `jobs/${jobId}/work/`,
  /** The segment plan (encoder, geometry, ranges) every segment worker follows. */
  plan: (jobId: string): string => validateKey(`jobs/${jobId}/work/plan.json`),
  /** A URL source, downloaded once by the planner so segment workers read it from storage. */
  source: (jobId: string): string => validateKey(`jobs/${jobId}/work/source`),
  /** One segment, written by one attempt. */
  segment: (input: {
    jobId: string;
    index: number;
    attemptId: string;
    extension: string;
  }): string =>
    validateKey(
      `jobs/${input.jobId}/work/segments/${String(input.index).padStart(5, '0')}-${input.attemptId}${input.extension}`,
    ),
};
