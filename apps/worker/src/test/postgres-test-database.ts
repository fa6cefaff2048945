import { randomBytes } from 'node:crypto';
import { migrate, openDatabase, type Db } from '@ecg-render/db';

const ADMIN_URL =
  process.env.ECG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrated PostgreSQL database of this test file's own, dropped by dispose(). */
export async function createPostgresTestDatabase(): Promise<{
  db: Db;
  url: string;
  dispose(): Promise<void>;
}> {
  const name = `ecg_worker_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ url: ADMIN_URL, poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), applicationName: 'ecg-worker-test' });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    async dispose() {
      await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
