import type { Sql } from '../sql.js';

/** Removes a worker's record (clean shutdown). False if there was none. */
export async function removeWorker(sql: Sql, id: string): Promise<boolean> {
  const { rowCount } = await sql.query('DELETE FROM workers WHERE id = $1', [id]);
  return rowCount === 1;
}
