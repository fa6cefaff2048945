import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.js';
import { openDatabase } from './open-database.js';
import { coreSuite } from './test/core-suite.js';
import { jobsSuite } from './test/jobs-suite.js';
import { keysAndUsageSuite } from './test/keys-and-usage-suite.js';
import { racesSuite } from './test/races-suite.js';
import { registrySuite } from './test/registry-suite.js';
import { segmentsSuite } from './test/segments-suite.js';
import { postgresBackend, type TestDatabase } from './test/test-backend.js';

// Needs a PostgreSQL server (ECG_TEST_POSTGRES_URL, default the local one with trust auth). This
// file creates its own database and drops it at the end.
describe('db on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await postgresBackend.create();
  });
  afterAll(async () => {
    await database.dispose();
  });
  const t = (): TestDatabase => database;

  coreSuite(t);
  jobsSuite(t);
  segmentsSuite(t);
  keysAndUsageSuite(t);
  registrySuite(t);
  racesSuite(t);

  it('an uncommitted write is invisible to another connection', async () => {
    const { db, second } = t();
    await db.exec('CREATE TABLE visibility_probe (v int)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tx = db.transaction(async (inner) => {
      await inner.query('INSERT INTO visibility_probe VALUES (1)');
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = await second.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM visibility_probe',
    );
    release();
    await tx;
    const after = await second.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM visibility_probe',
    );
    expect([before.rows[0]?.n, after.rows[0]?.n]).toEqual([0, 1]);
    await db.exec('DROP TABLE visibility_probe');
  });
});

describe('migrate on PostgreSQL, several processes at once', () => {
  it('applies each migration exactly once while all of them succeed', async () => {
    const fresh = await postgresBackend.create({ migrate: false });
    const handles = await Promise.all(Array.from({ length: 5 }, () => fresh.open()));
    try {
      const results = await Promise.all(
        [fresh.db, fresh.second, ...handles].map((db) => migrate(db)),
      );
      // Each applied once, not necessarily both by the same process.
      expect(results.flatMap((r) => r.applied).sort()).toEqual([
        '0001_initial',
        '0002_jobs_ended_with_webhook',
      ]);
      const { rows } = await fresh.db.query(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows).toEqual([{ version: 1 }, { version: 2 }]);
    } finally {
      await Promise.all(handles.map((db) => db.close()));
      await fresh.dispose();
    }
  });
});

describe('PostgreSQL unreachable', () => {
  it('is DATABASE_UNAVAILABLE, a retryable error', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const db = await openDatabase({ url: 'postgres://postgres@127.0.0.1:1/none' });
    try {
      await expect(db.query('SELECT 1')).rejects.toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
        retryable: true,
      });
      await expect(db.transaction(() => Promise.resolve(1))).rejects.toMatchObject({
        code: 'DATABASE_UNAVAILABLE',
      });
    } finally {
      await db.close();
    }
  });
});
