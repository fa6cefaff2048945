import { jobStorageKeys } from '@ecg-render/jobs';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, getJob, listWebhookDeliveries, type Db } from '@ecg-render/db';
import { type RuntimeDispatcher } from '@ecg-render/jobs';
import { type Storage } from '@ecg-render/storage';
import { startDistributedStack, type DistributedStack } from '../test/distributed-stack.js';
import { processesMentioning, processTree, stillRunning } from '../test/process-tree.js';
import { CPU_CAPABILITIES, spawnWorker, type SpawnedWorker } from '../test/spawn-worker.js';
import { makeTestVideo } from '../test/test-media.js';
import { captionScenario } from '../test/test-scenario.js';
import { waitFor } from '../test/wait-for.js';
import { startWebhookReceiver } from '../test/webhook-receiver.js';

const SECONDS = 20;

// A worker killed with SIGKILL mid-render loses nothing: another worker re-runs the job, which
// completes exactly once, with one output object, and nothing of the dead worker keeps running.
describe('a worker killed with SIGKILL mid-render', () => {
  let dir: string;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const spawned: SpawnedWorker[] = [];
  let stack: DistributedStack;

  beforeAll(async () => {
    stack = await startDistributedStack('crash');
    ({ dir, db, storage, dispatcher } = stack);
    receiver = await startWebhookReceiver();
    // 720p, so that an FFmpeg left behind would still have seconds of encoding to do after the
    // kill (at 320x180 it would finish the rest of the video before anyone could look).
    await makeTestVideo({
      path: join(dir, 'source.mp4'),
      seconds: SECONDS,
      width: 1280,
      height: 720,
    });
    await storage.putFile({ key: 'uploads/source.mp4', path: join(dir, 'source.mp4') });
  });
  afterAll(async () => {
    for (const worker of spawned) worker.child.kill('SIGKILL');
    await Promise.all(spawned.map((w) => w.exited));
    await receiver?.close();
    await stack?.close();
  });

  const start = (workerId: string): SpawnedWorker => {
    const worker = spawnWorker({
      // One DATA_DIR: the second worker is this machine's next worker process.
      env: stack.workerEnv({
        dataDir: join(dir, 'data'),
        workerId,
      }),
      capabilities: CPU_CAPABILITIES,
      timing: {
        heartbeatMs: 300,
        leaseSeconds: 3,
        workerHeartbeatMs: 500,
        reconcileIntervalMs: 1000,
      },
      // Short BullMQ locks too, so the dead worker's queue entry is recovered within seconds.
      queue: { prefix: stack.prefix, stalled: { lockDurationMs: 3000, stalledIntervalMs: 1000 } },
    });
    spawned.push(worker);
    return worker;
  };

  it('re-runs the job elsewhere: completed once, one output, no orphaned Chromium or FFmpeg', async () => {
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: 'uploads/source.mp4' },
      scenario: {
        kind: 'inline',
        scenario: captionScenario({ seconds: SECONDS, stepSeconds: 0.2 }),
      },
      options: { quality: 'low' },
      webhookUrl: receiver.url,
    });
    const a = start('crash-a');
    await dispatcher.enqueueRender(job.id);
    await waitFor(
      'worker A to be mid-render',
      async () => {
        const current = await getJob(db, { id: job.id, scope: { kind: 'all' } });
        return current?.workerId === 'crash-a' && (current.framesDone ?? 0) > 10;
      },
      120_000,
      100,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${a.output()}`);
    });
    const tree = await processTree(a.pid);
    const commands = tree.map((p) => p.cmdline);
    expect(
      commands.some((c) => c.includes('chromium')),
      commands.join('\n'),
    ).toBe(true);
    expect(
      commands.some((c) => /(^|\/)ffmpeg /.test(c)),
      commands.join('\n'),
    ).toBe(true);
    const tempDirs = readdirSync(join(dir, 'data', 'tmp', 'workers'));
    const aTemp = join(
      dir,
      'data',
      'tmp',
      'workers',
      tempDirs.find((d) => d.startsWith('crash-a-'))!,
    );

    a.child.kill('SIGKILL');
    await a.exited;
    // FFmpeg runs under PR_SET_PDEATHSIG, so the kernel killed it with the worker: gone at once
    // (without that it reads the closed caption pipe as the end of the captions and goes on
    // encoding the rest of the video as an orphan).
    const ffmpeg = tree.filter((p) => /(^|\/)ffmpeg /.test(p.cmdline));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await stillRunning(ffmpeg)).map((p) => p.cmdline)).toEqual([]);
    // Chromium exits by itself when its DevTools pipe closes.
    const leftovers = await waitFor(
      'the dead worker’s processes to be gone',
      async () => ((await stillRunning(tree)).length === 0 ? [] : undefined),
      10_000,
    ).catch(async () => stillRunning(tree));
    expect(leftovers.map((p) => p.cmdline)).toEqual([]);
    expect((await processesMentioning(aTemp)).map((p) => p.cmdline)).toEqual([]);

    const b = start('crash-b');
    const done = await waitFor(
      'worker B to complete the job',
      async () => {
        const current = await getJob(db, { id: job.id, scope: { kind: 'all' } });
        return current && ['completed', 'failed', 'cancelled'].includes(current.state)
          ? current
          : undefined;
      },
      180_000,
      250,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${b.output()}`);
    });
    expect(done, b.output()).toMatchObject({
      state: 'completed',
      attempts: 2,
      workerId: 'crash-b',
    });
    expect(done.output!.key).toBe(`jobs/${job.id}/output/${done.attemptId}.mp4`);
    expect(
      await stack.storedKeys(`jobs/${job.id}/`),
      // One output object (and the latest-frame preview the API shows while rendering).
    ).toEqual([done.output!.key, jobStorageKeys.preview(job.id)].sort());
    // B's start-up sweep removed A's temp folder.
    expect(existsSync(aTemp)).toBe(false);
    // Exactly one completion event, delivered once.
    await waitFor('the completed webhook', () =>
      receiver.received.some((r) => r.json['type'] === 'job.completed'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.received.filter((r) => r.json['type'] === 'job.completed').length).toBe(1);
    const completed = (await listWebhookDeliveries(db, job.id)).filter(
      (d) => d.eventType === 'job.completed',
    );
    expect(completed.length).toBe(1);
  });
});
