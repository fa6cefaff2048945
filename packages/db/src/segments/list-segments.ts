import type { Sql } from '../sql.js';
import type { Segment } from './segment.js';
import { segmentFromRow, type SegmentRow } from './segment-row.js';

/** A job's segments in order. */
export async function listSegments(sql: Sql, jobId: string): Promise<Segment[]> {
  const { rows } = await sql.query<SegmentRow>(
    'SELECT * FROM job_segments WHERE job_id = $1 ORDER BY segment_index',
    [jobId],
  );
  return rows.map(segmentFromRow);
}
