import { randomBytes } from 'node:crypto';
import { openDatabase, type Db } from '@ecg-render/db';

const ADMIN_URL =
  process.env.ECG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty PostgreSQL database of this test file's own (the processes under test migrate it). */
export async function createPostgresTestDatabase(): Promise<{
  url: string;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}> {
  const name = `ecg_api_test_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ url: ADMIN_URL, poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    open: () => openDatabase({ url: url.toString(), applicationName: 'ecg-api-test' }),
    async dispose() {
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
