import { randomBytes } from 'node:crypto';
import { migrate } from '../migrate.js';
import { openDatabase } from '../open-database.js';
import type { Db } from '../sql.js';

/** A migrated database of its own for one test file. */
export interface TestDatabase {
  db: Db;
  /**
   * Another handle on the same database, for races: a separate connection pool on PostgreSQL
   * (so two transactions really run at once); the same instance on PGlite (one connection).
   */
  second: Db;
  /** A fresh handle (another pool on PostgreSQL); the caller closes it. */
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

export interface TestBackend {
  name: 'postgres' | 'pglite';
  create(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

/**
 * The PostgreSQL server tests use: `ECG_TEST_POSTGRES_URL`, by default the local trust-auth
 * server. Tests never touch its databases; each file creates its own and drops it.
 */
export const TEST_POSTGRES_URL =
  process.env.ECG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const postgresBackend: TestBackend = {
  name: 'postgres',
  async create(options = {}) {
    const name = `ecg_test_${randomBytes(6).toString('hex')}`;
    const admin = await openDatabase({ url: TEST_POSTGRES_URL, poolSize: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    const open = (): Promise<Db> =>
      openDatabase({ url: url.toString(), applicationName: 'ecg-render-test' });
    const db = await open();
    const second = await open();
    if (options.migrate !== false) await migrate(db);
    return {
      db,
      second,
      open,
      async dispose() {
        await Promise.all([db.close(), second.close()]);
        // FORCE: a test that failed half-way may leave a connection open; drop it anyway.
        await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.close();
      },
    };
  },
};

export const pgliteBackend: TestBackend = {
  name: 'pglite',
  async create(options = {}) {
    const db = await openDatabase({ pglite: 'memory' });
    if (options.migrate !== false) await migrate(db);
    return {
      db,
      second: db,
      open: () => Promise.resolve(db),
      dispose: () => db.close(),
    };
  },
};
