import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { EcgError } from '@ecg-render/errors';
import type { Sql } from './sql.js';

/** Where the numbered SQL files live: packages/db/migrations, one level up from src/ or dist/. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations/', import.meta.url));

// Any fixed 64-bit number works, as long as nothing else in the database uses it: "ECGRMIGR".
const MIGRATION_LOCK = '4990896447935629650';

export interface MigrateOptions {
  /** For bundles that ship the SQL files elsewhere. */
  dir?: string;
}

export interface MigrateResult {
  /** Names of the migrations this call applied (empty when the schema was already current). */
  applied: string[];
}

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/**
 * Brings the schema up to date: applies each numbered file in `migrations/` that has not been
 * applied yet, in order, each in its own transaction with its record in `schema_migrations`.
 *
 * Safe when several processes start at once (API and workers on PostgreSQL): every step holds a
 * transaction-scoped advisory lock, and re-reads what is applied after taking it, so exactly one
 * process applies each migration and the others wait, then skip it. A migration that was edited
 * after it ran is refused (MIGRATION_FAILED): the database would no longer match the files.
 * Versions in the database that these files do not know (a newer release ran) are left alone.
 */
export async function migrate(sql: Sql, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await readMigrations(options.dir ?? MIGRATIONS_DIR);
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      const existing = rows[0];
      if (existing !== undefined) {
        if (existing.checksum !== migration.checksum) {
          throw new EcgError(
            'MIGRATION_FAILED',
            `Migration ${migration.name} was changed after it was applied; add a new migration instead`,
            { details: { migration: migration.name } },
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new EcgError(
          'MIGRATION_FAILED',
          `Migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error, details: { migration: migration.name } },
        );
      }
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return { applied };
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: MigrationFile[] = [];
  for (const name of names) {
    const match = /^(\d{4})_[a-z0-9_]+\.sql$/.exec(name);
    if (!match) {
      throw new EcgError('MIGRATION_FAILED', `Migration file ${name} is not named NNNN_name.sql`);
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new EcgError('MIGRATION_FAILED', `Two migration files have version ${version}`);
    }
    const sql = await readFile(`${dir}/${name}`, 'utf8');
    const checksum = createHash('sha256').update(sql).digest('hex');
    migrations.push({ version, name: name.slice(0, -'.sql'.length), sql, checksum });
  }
  return migrations;
}
