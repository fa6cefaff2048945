import type { Sql } from '../sql.js';

export interface Usage {
  day: string;
  renderedMinutes: number;
  reservedMinutes: number;
}

/** A key's minutes on one UTC day (today by the database clock when `day` is omitted). */
export async function getUsage(
  sql: Sql,
  input: { apiKeyId: string; day?: string },
): Promise<Usage> {
  const { rows } = await sql.query<{
    day: string;
    rendered: number | null;
    reserved: number | null;
  }>(
    `SELECT d.day::text AS day, u.rendered_minutes AS rendered, u.reserved_minutes AS reserved
       FROM (SELECT COALESCE($2::date, (now() AT TIME ZONE 'UTC')::date) AS day) d
       LEFT JOIN api_key_usage u ON u.api_key_id = $1 AND u.day = d.day`,
    [input.apiKeyId, input.day ?? null],
  );
  const row = rows[0]!;
  return { day: row.day, renderedMinutes: row.rendered ?? 0, reservedMinutes: row.reserved ?? 0 };
}
