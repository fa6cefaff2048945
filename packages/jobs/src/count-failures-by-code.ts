import type { Sql } from '@ecg-render/db';

/** Failed jobs per error code (all time, or finished since `since`), for the API's /metrics. */
export async function countFailuresByCode(
  sql: Sql,
  input: { since?: Date } = {},
): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ code: string | null; count: number }>(
    `SELECT error_code AS code, count(*)::int AS count FROM jobs
      WHERE state = 'failed' AND ($1::timestamptz IS NULL OR finished_at >= $1)
      GROUP BY error_code`,
    [input.since ?? null],
  );
  return Object.fromEntries(rows.map((r) => [r.code ?? 'UNKNOWN', r.count]));
}
