import type { Sql } from '../sql.js';

/**
 * When a job finishes: gives back the minutes it reserved and counts the minutes it actually
 * rendered (0 for a failed or cancelled job), on the day the reservation was made. Runs in the
 * transaction of the finishing update, which only one caller can win, so it happens exactly once.
 */
export async function settleReservedMinutes(
  sql: Sql,
  input: { apiKeyId: string; day: string; reservedMinutes: number; renderedMinutes: number },
): Promise<void> {
  await sql.query(
    `INSERT INTO api_key_usage (api_key_id, day, rendered_minutes) VALUES ($1, $2::date, $4)
     ON CONFLICT (api_key_id, day) DO UPDATE SET
       -- GREATEST: float subtraction must not dip below zero and trip the CHECK constraint.
       reserved_minutes = GREATEST(0, api_key_usage.reserved_minutes - $3),
       rendered_minutes = api_key_usage.rendered_minutes + $4`,
    [input.apiKeyId, input.day, input.reservedMinutes, input.renderedMinutes],
  );
}
