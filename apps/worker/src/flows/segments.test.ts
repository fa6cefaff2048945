import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, getJob, listSegments, listWorkers, type Db } from '@ecg-render/db';
import { type RuntimeDispatcher } from '@ecg-render/jobs';
import { renderVideo } from '@ecg-render/pipeline';
import { type Storage } from '@ecg-render/storage';
import { startDistributedStack, type DistributedStack } from '../test/distributed-stack.js';
import { CPU_CAPABILITIES, spawnWorker, type SpawnedWorker } from '../test/spawn-worker.js';
import { frameHashes, makeTestVideo, probeStreams } from '../test/test-media.js';
import { captionScenario } from '../test/test-scenario.js';
import { waitFor } from '../test/wait-for.js';

const SECONDS = 4;

// Two worker processes share one segmented job; the joined video must be the single-pass render,
// frame for frame. Lossless (crf 0) so that "identical" is about frames, not encoder noise.
describe('segments: two workers, one job, joined without re-encoding', () => {
  let dir: string;
  let db: Db;
  let storage: Storage;
  let dispatcher: RuntimeDispatcher;
  const workers: SpawnedWorker[] = [];
  let stack: DistributedStack;

  beforeAll(async () => {
    stack = await startDistributedStack('segments');
    ({ dir, db, storage, dispatcher } = stack);
    await makeTestVideo({ path: join(dir, 'source.mp4'), seconds: SECONDS });
    await storage.putFile({ key: 'uploads/source.mp4', path: join(dir, 'source.mp4') });
    for (const name of ['seg-a', 'seg-b']) {
      workers.push(
        spawnWorker({
          env: stack.workerEnv({
            dataDir: join(dir, name),
            workerId: name,
            extra: { SEGMENT_SECONDS: '1' },
          }),
          capabilities: CPU_CAPABILITIES,
          timing: {
            heartbeatMs: 500,
            leaseSeconds: 10,
            workerHeartbeatMs: 500,
            reconcileIntervalMs: 2000,
          },
          queue: { prefix: stack.prefix },
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
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await stack?.close();
  });

  it('renders segments on both workers and joins them into the single-pass video', async () => {
    const scenario = captionScenario({ seconds: SECONDS, stepSeconds: 0.3 });
    const { job } = await createJob(db, {
      apiKeyId: null,
      source: { kind: 'upload', key: 'uploads/source.mp4' },
      scenario: { kind: 'inline', scenario },
      options: { quality: 'lossless', format: 'mp4' },
    });
    await dispatcher.enqueueRender(job.id);
    const done = await waitFor(
      'the segmented job',
      async () => {
        const current = await getJob(db, { id: job.id, scope: { kind: 'all' } });
        return current && ['completed', 'failed', 'cancelled'].includes(current.state)
          ? current
          : undefined;
      },
      240_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${workers.map((w) => w.output()).join('\n')}`);
    });
    expect(done, workers.map((w) => w.output()).join('\n')).toMatchObject({
      state: 'completed',
      attempts: 1,
    });

    const segments = await listSegments(db, job.id);
    expect(segments.map((s) => [s.frameStart, s.frameEnd, s.state])).toEqual([
      [0, 10, 'completed'],
      [10, 20, 'completed'],
      [20, 30, 'completed'],
      [30, 40, 'completed'],
    ]);
    expect(new Set(segments.map((s) => s.workerId))).toEqual(new Set(['seg-a', 'seg-b']));
    // Only the published output is left: segments, plan and scratch are removed right after the
    // completion is published (the job is visible as completed a moment before that).
    const stored = () => stack.storedKeys(`jobs/${job.id}/`);
    await waitFor(
      'the scratch to be removed',
      async () => ((await stored()).length === 1 ? true : undefined),
      10_000,
      100,
    ).catch(() => undefined);
    expect(await stored()).toEqual([done.output!.key]);

    const joined = join(dir, 'joined.mp4');
    await pipeline((await storage.getStream(done.output!.key)).stream, createWriteStream(joined));
    const single = join(dir, 'single.mp4');
    const reference = await renderVideo({
      source: join(dir, 'source.mp4'),
      scenario,
      output: single,
      encoder: 'libx264',
      crf: 0,
      preset: 'veryfast',
      workers: 1,
      capabilities: CPU_CAPABILITIES,
    });
    // Captions really are burned in (the comparison is not of two plain transcodes).
    expect(reference.captured).toBeGreaterThan(5);
    const [joinedFrames, singleFrames] = await Promise.all([
      frameHashes(joined),
      frameHashes(single),
    ]);
    expect(joinedFrames.length).toBe(SECONDS * 10);
    expect(joinedFrames).toEqual(singleFrames);
    const streams = await probeStreams(joined);
    expect(streams.map((s) => s.codec_type)).toEqual(['video', 'audio']);
    expect(Number(streams[1]!.duration)).toBeCloseTo(SECONDS, 1);
  });
});
