import type { Db } from './sql.js';
import { pgliteDatabase } from './pglite-database.js';
import { postgresDatabase, type PostgresOptions } from './postgres-database.js';

/** PostgreSQL by URL, or embedded PGlite in a directory (standalone) or in memory (tests). */
export type DatabaseTarget = PostgresOptions | { pglite: { dataDir: string } | 'memory' };

/**
 * Opens the database. Nothing is migrated here: call `migrate(db)` once at start-up, from every
 * process if you like (it is safe to run concurrently).
 */
export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  if ('url' in target) return postgresDatabase(target);
  return pgliteDatabase(target.pglite);
}
