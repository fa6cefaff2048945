import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStorage } from './create-local-storage.js';
import { createS3Storage } from './create-s3-storage.js';
import type { Storage } from './storage.js';
import { startS3Server, type S3TestServer } from './testing/index.js';

// One contract, two adapters: whatever the API and workers rely on must hold for local disk and
// for S3 alike. The S3 side runs against a real S3 server (s3rver) over HTTP.

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const MiB = 1024 * 1024;

interface Subject {
  storage: Storage;
  /** The bytes the backend really holds for `key`, read behind the adapter's back. */
  storedBytes(key: string): Promise<Buffer>;
  close(): Promise<void>;
}

const subjects: Record<'local' | 's3', () => Promise<Subject>> = {
  async local() {
    const root = await mkdtemp(join(tmpdir(), 'ecg-storage-'));
    return {
      storage: createLocalStorage({ root }),
      storedBytes: (key) => readFile(join(root, ...key.split('/'))),
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
  async s3() {
    const server: S3TestServer = await startS3Server();
    // 5 MiB parts (S3's minimum) so the 12 MiB object below is a three-part multipart upload.
    const storage = createS3Storage(server.storageOptions({ partSizeBytes: 5 * MiB }));
    return {
      storage,
      storedBytes: (key) => readFile(server.objectFile(key)),
      async close() {
        await storage.close();
        await server.close();
      },
    };
  },
};

describe.each(['local', 's3'] as const)('%s storage contract', (kind) => {
  let subject: Subject;
  let storage: Storage;
  let workDir: string;
  const small = Buffer.from('hello, captions\n'.repeat(100));
  const big = randomBytes(12 * MiB);

  beforeAll(async () => {
    subject = await subjects[kind]();
    storage = subject.storage;
    workDir = await mkdtemp(join(tmpdir(), 'ecg-storage-src-'));
  });

  afterAll(async () => {
    await subject?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('reports its kind and passes its readiness check', async () => {
    expect(storage.kind).toBe(kind);
    await storage.check();
  });

  it('puts a stream and gets the exact bytes back', async () => {
    const put = await storage.putStream({
      key: 'a/small.json',
      stream: Readable.from([small]),
      contentType: 'application/json',
    });
    expect(put).toEqual({ key: 'a/small.json', size: small.length, sha256: sha256(small) });

    const got = await storage.getStream('a/small.json');
    expect(got.size).toBe(small.length);
    expect(got.totalSize).toBe(small.length);
    expect(got.contentType).toBe('application/json');
    expect(sha256(await buffer(got.stream))).toBe(sha256(small));
    expect(sha256(await subject.storedBytes('a/small.json'))).toBe(sha256(small));

    const info = await storage.stat('a/small.json');
    expect(info).toMatchObject({ size: small.length, contentType: 'application/json' });
    expect(info?.modified).toBeInstanceOf(Date);
  });

  it('puts a 12 MiB file (multipart on S3) and stores exactly its bytes', async () => {
    const path = join(workDir, 'big.mp4');
    await writeFile(path, big);
    const put = await storage.putFile({
      key: 'jobs/1/attempt-1/output.mp4',
      path,
      contentType: 'video/mp4',
    });
    expect(put).toEqual({
      key: 'jobs/1/attempt-1/output.mp4',
      size: big.length,
      sha256: sha256(big),
    });

    const got = await storage.getStream('jobs/1/attempt-1/output.mp4');
    expect(got.size).toBe(big.length);
    expect(sha256(await buffer(got.stream))).toBe(sha256(big));
    // What the backend holds, not only what it answers: no framing, nothing missing.
    const stored = await subject.storedBytes('jobs/1/attempt-1/output.mp4');
    expect(stored.length).toBe(big.length);
    expect(sha256(stored)).toBe(sha256(big));
  });

  it('stores an empty object', async () => {
    const put = await storage.putStream({ key: 'empty.txt', stream: Readable.from([]) });
    expect(put.size).toBe(0);
    const got = await storage.getStream('empty.txt');
    expect((await buffer(got.stream)).length).toBe(0);
    expect((await storage.stat('empty.txt'))?.size).toBe(0);
  });

  it('overwrites an existing key', async () => {
    await storage.putStream({ key: 'over.txt', stream: Readable.from([Buffer.from('first')]) });
    await storage.putStream({ key: 'over.txt', stream: Readable.from([Buffer.from('second!')]) });
    const got = await storage.getStream('over.txt');
    expect((await buffer(got.stream)).toString()).toBe('second!');
  });

  it('serves byte ranges (inclusive ends, clamped to the object)', async () => {
    await storage.putStream({
      key: 'range.bin',
      stream: Readable.from([Buffer.from('0123456789')]),
    });
    const cases = [
      { range: { start: 2, end: 5 }, bytes: '2345', served: { start: 2, end: 5 } },
      { range: { start: 7 }, bytes: '789', served: { start: 7, end: 9 } },
      { range: { start: 8, end: 100 }, bytes: '89', served: { start: 8, end: 9 } },
      { range: { start: 0, end: 9 }, bytes: '0123456789', served: { start: 0, end: 9 } },
    ];
    if (kind === 'local')
      cases.push({ range: { start: 0, end: 0 }, bytes: '0', served: { start: 0, end: 0 } });
    for (const { range, bytes, served } of cases) {
      const got = await storage.getStream('range.bin', { range });
      expect((await buffer(got.stream)).toString(), JSON.stringify(range)).toBe(bytes);
      expect(got).toMatchObject({ size: bytes.length, totalSize: 10, range: served });
    }
    if (kind === 's3') {
      // s3rver 3.7 reads `bytes=0-0` as "from 0 to the end" (its `end || Infinity`); real S3 does
      // not. The adapter notices the mismatch and refuses rather than serving the wrong bytes.
      await expect(
        storage.getStream('range.bin', { range: { start: 0, end: 0 } }),
      ).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        message: expect.stringContaining('bytes 0-9/10'),
      });
    }
    await expect(storage.getStream('range.bin', { range: { start: 10 } })).rejects.toMatchObject({
      code: 'RANGE_NOT_SATISFIABLE',
    });
    await expect(
      storage.getStream('range.bin', { range: { start: 5, end: 2 } }),
    ).rejects.toMatchObject({
      code: 'RANGE_NOT_SATISFIABLE',
    });
  });

  it('destroys a download stream when its AbortSignal fires', async () => {
    const controller = new AbortController();
    const got = await storage.getStream('jobs/1/attempt-1/output.mp4', {
      signal: controller.signal,
    });
    const reading = buffer(got.stream);
    controller.abort();
    await expect(reading).rejects.toThrow();
    expect(got.stream.destroyed).toBe(true);
  });

  it('answers NOT_FOUND / null for a missing key', async () => {
    await expect(storage.getStream('nope/missing.mp4')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      retryable: false,
    });
    expect(await storage.stat('nope/missing.mp4')).toBeNull();
  });

  it('deletes, and deleting again is fine', async () => {
    await storage.putStream({ key: 'del/one.txt', stream: Readable.from([Buffer.from('x')]) });
    await storage.delete('del/one.txt');
    expect(await storage.stat('del/one.txt')).toBeNull();
    await storage.delete('del/one.txt');
  });

  it('deletes a prefix as a folder, not as a string prefix', async () => {
    for (const key of [
      'p/job-1/a.txt',
      'p/job-1/deep/b.txt',
      'p/job-1/deep/c.txt',
      'p/job-10/keep.txt',
    ]) {
      await storage.putStream({ key, stream: Readable.from([Buffer.from(key)]) });
    }
    expect(await storage.deletePrefix('p/job-1/')).toBe(3);
    expect(await storage.stat('p/job-1/a.txt')).toBeNull();
    expect(await storage.stat('p/job-10/keep.txt')).not.toBeNull();
    expect(await storage.deletePrefix('p/job-1/')).toBe(0);
    await expect(storage.deletePrefix('p/job-1')).rejects.toMatchObject({
      code: 'INVALID_STORAGE_KEY',
    });
  });

  it.each(['../escape.txt', '/abs.txt', 'a/../../b', 'nul\u0000.txt', '.tmp/x'])(
    'refuses the key %j',
    async (key) => {
      const expected = { code: 'INVALID_STORAGE_KEY' };
      await expect(
        storage.putStream({ key, stream: Readable.from([Buffer.from('x')]) }),
      ).rejects.toMatchObject(expected);
      await expect(storage.getStream(key)).rejects.toMatchObject(expected);
      await expect(storage.stat(key)).rejects.toMatchObject(expected);
      await expect(storage.delete(key)).rejects.toMatchObject(expected);
    },
  );

  it('keeps no partial object when the source fails midway', async () => {
    const failing = Readable.from(
      (async function* () {
        yield randomBytes(6 * MiB);
        throw new Error('source broke');
      })(),
    );
    await expect(storage.putStream({ key: 'broken/out.mp4', stream: failing })).rejects.toThrow(
      'source broke',
    );
    expect(await storage.stat('broken/out.mp4')).toBeNull();
  });

  it('stops on abort with CANCELLED and keeps no partial object', async () => {
    const controller = new AbortController();
    const source = Readable.from(
      (async function* () {
        yield randomBytes(MiB);
        controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 50));
        yield randomBytes(MiB);
      })(),
    );
    await expect(
      storage.putStream({ key: 'aborted/out.mp4', stream: source, signal: controller.signal }),
    ).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(await storage.stat('aborted/out.mp4')).toBeNull();
    await expect(
      storage.putStream({
        key: 'aborted/out.mp4',
        stream: Readable.from([Buffer.from('x')]),
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('presigns a GET that plain fetch can use (S3), or says to stream it (local)', async () => {
    const url = await storage.presignGet({
      key: 'jobs/1/attempt-1/output.mp4',
      expiresInSec: 60,
      downloadName: 'my clip.mp4',
    });
    if (kind === 'local') {
      expect(url).toBeNull();
      return;
    }
    expect(url).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/test-bucket\/jobs\/1\/attempt-1\/output\.mp4\?/,
    );
    const response = await fetch(url!);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`filename="my clip.mp4"`);
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(big));
    await expect(storage.presignGet({ key: 'x', expiresInSec: 0 })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});
