import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './api-keys/create-api-key.js';
import { verifyApiKey } from './api-keys/verify-api-key.js';
import { migrate } from './migrate.js';
import { openDatabase } from './open-database.js';
import { coreSuite } from './test/core-suite.js';
import { jobsSuite } from './test/jobs-suite.js';
import { keysAndUsageSuite } from './test/keys-and-usage-suite.js';
import { racesSuite } from './test/races-suite.js';
import { registrySuite } from './test/registry-suite.js';
import { segmentsSuite } from './test/segments-suite.js';
import { pgliteBackend, type TestDatabase } from './test/test-backend.js';

describe('db on PGlite', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await pgliteBackend.create();
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

  it('a transaction does not interleave with queries from elsewhere in the process', async () => {
    const { db } = t();
    await db.exec('CREATE TABLE interleave_probe (v int)');
    const events: string[] = [];
    const tx = db
      .transaction(async (inner) => {
        await inner.query('INSERT INTO interleave_probe VALUES (1)');
        events.push('tx wrote');
        await new Promise((resolve) => setTimeout(resolve, 50));
        events.push('tx rolls back');
        throw new Error('rollback');
      })
      .catch(() => undefined);
    // Started while the transaction is open: it must wait, and then not see the rolled-back row.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM interleave_probe',
    );
    events.push(`outside read ${rows[0]?.n}`);
    await tx;
    expect(events).toEqual(['tx wrote', 'tx rolls back', 'outside read 0']);
    await db.exec('DROP TABLE interleave_probe');
  });
});

describe('PGlite in a data directory', () => {
  it('keeps the database across close and reopen (standalone restarts)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ecg-pglite-'));
    try {
      const dataDir = join(dir, 'db');
      const first = await openDatabase({ pglite: { dataDir } });
      expect((await migrate(first)).applied).toEqual([
        '0001_initial',
        '0002_jobs_ended_with_webhook',
      ]);
      const { key } = await createApiKey(first, { name: 'persisted' });
      await first.close();

      const second = await openDatabase({ pglite: { dataDir } });
      expect((await migrate(second)).applied).toEqual([]);
      expect((await verifyApiKey(second, key))?.name).toBe('persisted');
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
