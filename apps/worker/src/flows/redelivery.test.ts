import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, getJob, listWorkers, type Db } from '@ecg-render/db';
import { type RuntimeDispatcher } from '@ecg-render/jobs';
import { type Storage } from '@ecg-render/storage';
import { startDistributedStack, type DistributedStack } from '../test/distributed-stack.js';
import { CPU_CAPABILITIES, spawnWorker, type SpawnedWorker } from '../test/spawn-worker.js';
import { makeTestVideo } from '../test/test-media.js';
import { captionScenario } from '../test/test-scenario.js';
import { waitFor } from '../test/wait-for.js';

const SECONDS = 10;

// The fast path of crash recovery: the queue hands a dead worker's task to another worker, whose
// claim takes the job over. The reconciler is kept out of it (its interval and staleness are far
// beyond the test), so the job completes only if the task comes back after the dead worker's
// database lease lapsed — not while the lease still looks alive, when the claim would find it
// held and the task would end as done with the job stuck in `processing`.
describe('a dead worker’s task redelivered by the queue', () => {
  let dir: string;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  const workers: SpawnedWorker[] = [];
  let stack: DistributedStack;

  beforeAll(async () => {
    stack = await startDistributedStack('redeliver');
    ({ dir, db, storage, dispatcher } = stack);
    await makeTestVideo({ path: join(dir, 'source.mp4'), seconds: SECONDS });
    await storage.putFile({ key: 'uploads/source.mp4', path: join(dir, 'source.mp4') });
    for (const name of ['redeliver-a', 'redeliver-b']) {
      workers.push(
        spawnWorker({
          env: stack.workerEnv({
            dataDir: join(dir, name),
            workerId: name,
          }),
          capabilities: CPU_CAPABILITIES,
          timing: {
            heartbeatMs: 300,
            leaseSeconds: 3,
            workerHeartbeatMs: 500,
            reconcileIntervalMs: 600_000,
            staleAfterSeconds: 600,
          },
          // A queue lock configured shorter than the lease, as the defaults were (30 s vs 60 s).
          queue: {
            prefix: stack.prefix,
            stalled: { lockDurationMs: 1000, stalledIntervalMs: 500 },
          },
        }),
      );
    }
    await waitFor(
      'both workers to register',
      async () => (await listWorkers(db)).length === 2,
      60_000,
    );
  });
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await stack?.close();
  });

  it('is claimed by the other worker once the lease lapsed, and the job completes', async () => {
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: 'uploads/source.mp4' },
      scenario: {
        kind: 'inline',
        scenario: captionScenario({ seconds: SECONDS, stepSeconds: 0.2 }),
      },
      options: { quality: 'low' },
    });
    await dispatcher.enqueueRender(job.id);
    const holder = await waitFor(
      'a worker to claim the job',
      async () => (await getJob(db, { id: job.id, scope: { kind: 'all' } }))?.workerId ?? undefined,
      60_000,
      50,
    );
    const [victim, survivor] =
      holder === 'redeliver-a' ? [workers[0]!, workers[1]!] : [workers[1]!, workers[0]!];
    victim.child.kill('SIGKILL');
    await victim.exited;

    const done = await waitFor(
      'the other worker to complete the job',
      async () => {
        const current = await getJob(db, { id: job.id, scope: { kind: 'all' } });
        return current && ['completed', 'failed', 'cancelled'].includes(current.state)
          ? current
          : undefined;
      },
      60_000,
      250,
    ).catch(async (error: unknown) => {
      const current = await getJob(db, { id: job.id, scope: { kind: 'all' } });
      throw new Error(
        `${String(error)}\njob: ${current?.state} held by ${current?.workerId}\n${survivor.output()}`,
      );
    });
    expect(done).toMatchObject({
      state: 'completed',
      attempts: 2,
      workerId: holder === 'redeliver-a' ? 'redeliver-b' : 'redeliver-a',
    });
  });
});
