import { EcgError } from '@ecg-render/errors';
import type { Sql } from '../sql.js';

export interface QuotaReservation {
  /** The UTC day (YYYY-MM-DD) the minutes were reserved on, and will be counted on. */
  day: string;
  minutes: number;
}

/**
 * Checks a key's quotas and reserves `minutes` of its daily allowance, or throws QUOTA_EXCEEDED
 * (UNAUTHORIZED for an unknown or revoked key). Meant to run inside the transaction that creates
 * the job, so the check, the reservation and the new job commit together or not at all.
 *
 * Race-free on PostgreSQL: it first locks the key's row (FOR NO KEY UPDATE, which still lets
 * other transactions insert jobs referencing the key), so concurrent submissions for one key take
 * turns, and each one's count of active jobs and used minutes, read after the lock, includes what
 * the previous one committed. Under the default READ COMMITTED every statement sees the latest
 * commits, which is what makes "lock, then count" correct. Opens its own transaction (a savepoint
 * inside a caller's) so the lock is never released between the check and the reservation.
 *
 * Concurrent jobs are counted from the jobs table (queued + processing), so the count cannot drift
 * from the truth; minutes come from api_key_usage (rendered + still reserved). With `minutes` 0
 * (length not known yet) a key that has used up its day is still refused.
 */
export async function checkAndReserveQuota(
  sql: Sql,
  input: { apiKeyId: string; minutes: number },
): Promise<QuotaReservation> {
  return sql.transaction(async (tx) => {
    const { rows: keys } = await tx.query<{
      max_concurrent_jobs: number | null;
      max_minutes_per_day: number | null;
      revoked: boolean;
      today: string;
    }>(
      `SELECT max_concurrent_jobs, max_minutes_per_day, revoked_at IS NOT NULL AS revoked,
              (now() AT TIME ZONE 'UTC')::date::text AS today
         FROM api_keys WHERE id = $1 FOR NO KEY UPDATE`,
      [input.apiKeyId],
    );
    const key = keys[0];
    if (key === undefined || key.revoked) {
      throw new EcgError('UNAUTHORIZED', 'The API key is unknown or revoked');
    }

    if (key.max_concurrent_jobs !== null) {
      const { rows } = await tx.query<{ active: number }>(
        `SELECT count(*)::int AS active FROM jobs
          WHERE api_key_id = $1 AND state IN ('queued', 'processing')`,
        [input.apiKeyId],
      );
      const active = rows[0]?.active ?? 0;
      if (active >= key.max_concurrent_jobs) {
        throw new EcgError(
          'QUOTA_EXCEEDED',
          `This key already has ${active} active jobs (limit ${key.max_concurrent_jobs})`,
          { details: { quota: 'concurrentJobs', limit: key.max_concurrent_jobs, current: active } },
        );
      }
    }

    if (key.max_minutes_per_day !== null) {
      const { rows } = await tx.query<{ used: number }>(
        `SELECT rendered_minutes + reserved_minutes AS used FROM api_key_usage
          WHERE api_key_id = $1 AND day = $2::date`,
        [input.apiKeyId, key.today],
      );
      const used = rows[0]?.used ?? 0;
      const over =
        input.minutes > 0
          ? used + input.minutes > key.max_minutes_per_day
          : used >= key.max_minutes_per_day;
      if (over) {
        throw new EcgError(
          'QUOTA_EXCEEDED',
          `This key has used ${round(used)} of its ${key.max_minutes_per_day} minutes today` +
            (input.minutes > 0 ? `; this job needs ${round(input.minutes)} more` : ''),
          {
            details: {
              quota: 'minutesPerDay',
              limit: key.max_minutes_per_day,
              used,
              requested: input.minutes,
            },
          },
        );
      }
    }

    if (input.minutes > 0) {
      await tx.query(
        `INSERT INTO api_key_usage (api_key_id, day, reserved_minutes) VALUES ($1, $2::date, $3)
         ON CONFLICT (api_key_id, day)
         DO UPDATE SET reserved_minutes = api_key_usage.reserved_minutes + EXCLUDED.reserved_minutes`,
        [input.apiKeyId, key.today, input.minutes],
      );
    }
    return { day: key.today, minutes: input.minutes };
  });
}

function round(minutes: number): number {
  return Math.round(minutes * 100) / 100;
}
