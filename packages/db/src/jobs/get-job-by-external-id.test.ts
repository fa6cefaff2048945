import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../api-keys/create-api-key.js';
import { migrate } from '../migrate.js';
import { openDatabase } from '../open-database.js';
import type { Db } from '../sql.js';
import { createJob } from './create-job.js';
import { getJobByExternalId } from './get-job-by-external-id.js';

describe('getJobByExternalId', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDatabase({ pglite: 'memory' });
    await migrate(db);
  });
  afterAll(() => db.close());

  const create = (apiKeyId: string | null, externalId: string) =>
    createJob(db, {
      apiKeyId,
      externalId,
      source: { kind: 'url', url: 'https://media.example.com/a.mp4' },
      scenario: { kind: 'inline', scenario: {} },
    }).then((r) => r.job);

  it('finds a job by its external id within one key, or among the jobs made without a key', async () => {
    const alice = (await createApiKey(db, { name: 'alice' })).id;
    const bob = (await createApiKey(db, { name: 'bob' })).id;
    // The same external id under two keys and without one: three different jobs.
    const ofAlice = await create(alice, 'ecg-1');
    const ofBob = await create(bob, 'ecg-1');
    const keyless = await create(null, 'ecg-1');
    expect((await getJobByExternalId(db, { externalId: 'ecg-1', apiKeyId: alice }))?.id).toBe(
      ofAlice.id,
    );
    expect((await getJobByExternalId(db, { externalId: 'ecg-1', apiKeyId: bob }))?.id).toBe(
      ofBob.id,
    );
    expect((await getJobByExternalId(db, { externalId: 'ecg-1', apiKeyId: null }))?.id).toBe(
      keyless.id,
    );
    expect(await getJobByExternalId(db, { externalId: 'ecg-2', apiKeyId: alice })).toBeNull();
  });
});
