import { EcgError } from '@ecg-render/errors';
import type { Sql } from '../sql.js';
import type { Segment } from './segment.js';
import { segmentFromRow, type SegmentRow } from './segment-row.js';

/**
 * Splits a job into segments covering frames [ranges[0].frameStart, last.frameEnd) without gaps or
 * overlaps, in order. Idempotent, because the attempt that plans them may run twice: if the job
 * already has exactly these segments they are returned; if it has different ones, CONFLICT (a plan
 * must not change under segments other workers are rendering).
 */
export async function createSegments(
  sql: Sql,
  input: { jobId: string; ranges: { frameStart: number; frameEnd: number }[] },
): Promise<Segment[]> {
  const { ranges } = input;
  ranges.forEach((range, i) => {
    const previous = ranges[i - 1];
    const contiguous = previous === undefined || previous.frameEnd === range.frameStart;
    if (!contiguous || range.frameEnd <= range.frameStart || range.frameStart < 0) {
      throw new EcgError(
        'INTERNAL',
        `Segment ${i} does not continue the plan without gap or overlap`,
        {
          retryable: false,
          details: { index: i, range },
        },
      );
    }
  });
  return sql.transaction(async (tx) => {
    // Lock the job row: two planners of one job take turns, so the second sees the first's plan.
    const { rows: jobs } = await tx.query('SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE', [
      input.jobId,
    ]);
    if (jobs.length === 0) throw new EcgError('NOT_FOUND', `Job ${input.jobId} not found`);
    const { rows: existing } = await tx.query<SegmentRow>(
      'SELECT * FROM job_segments WHERE job_id = $1 ORDER BY segment_index',
      [input.jobId],
    );
    if (existing.length > 0) {
      const same =
        existing.length === ranges.length &&
        existing.every(
          (row, i) =>
            row.frame_start === ranges[i]!.frameStart && row.frame_end === ranges[i]!.frameEnd,
        );
      if (!same) {
        throw new EcgError('CONFLICT', `Job ${input.jobId} already has a different segment plan`);
      }
      return existing.map(segmentFromRow);
    }
    const { rows } = await tx.query<SegmentRow>(
      `INSERT INTO job_segments (job_id, segment_index, frame_start, frame_end)
       SELECT $1, index - 1, frame_start, frame_end
         FROM unnest($2::integer[], $3::integer[]) WITH ORDINALITY AS r(frame_start, frame_end, index)
       RETURNING *`,
      [input.jobId, ranges.map((r) => r.frameStart), ranges.map((r) => r.frameEnd)],
    );
    return rows.map(segmentFromRow).sort((a, b) => a.index - b.index);
  });
}
