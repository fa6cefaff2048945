import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStorage } from './create-local-storage.js';
import type { Storage } from './storage.js';

// What only local disk can get wrong: a half-written file visible under its final name, temp
// files left behind, paths escaping the root, and folders that collide with files.

describe('local storage', () => {
  let root: string;
  let storage: Storage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'ecg-local-'));
    storage = createLocalStorage({ root });
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('never shows a partial object under its key while the write is in flight', async () => {
    await storage.putStream({
      key: 'out/video.mp4',
      stream: Readable.from([Buffer.from('old version')]),
    });
    const source = new PassThrough();
    const writing = storage.putStream({ key: 'out/video.mp4', stream: source });
    source.write(Buffer.alloc(64 * 1024, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Mid-write: readers still get the complete old object; the new bytes sit in .tmp.
    expect((await storage.stat('out/video.mp4'))?.size).toBe('old version'.length);
    expect((await buffer((await storage.getStream('out/video.mp4')).stream)).toString()).toBe(
      'old version',
    );
    expect(await readdir(join(root, '.tmp'))).toHaveLength(1);
    source.end(Buffer.alloc(1024, 2));
    expect((await writing).size).toBe(65 * 1024);
    expect((await storage.stat('out/video.mp4'))?.size).toBe(65 * 1024);
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('removes the temp file when a write fails, keeping the previous object', async () => {
    await storage.putStream({ key: 'keep.txt', stream: Readable.from([Buffer.from('v1')]) });
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('partial');
        throw new Error('boom');
      })(),
    );
    await expect(storage.putStream({ key: 'keep.txt', stream: failing })).rejects.toThrow('boom');
    expect((await buffer((await storage.getStream('keep.txt')).stream)).toString()).toBe('v1');
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('keeps every key inside the root', async () => {
    for (const key of ['../outside.txt', 'a/../../outside.txt', '/tmp/outside.txt']) {
      await expect(
        storage.putStream({ key, stream: Readable.from([Buffer.from('x')]) }),
      ).rejects.toMatchObject({
        code: 'INVALID_STORAGE_KEY',
        message: expect.stringContaining(JSON.stringify(key)),
      });
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('prunes folders emptied by deletes, up to the root', async () => {
    await storage.putStream({
      key: 'jobs/7/attempt-1/out.mp4',
      stream: Readable.from([Buffer.from('x')]),
    });
    await storage.putStream({ key: 'jobs/8/out.mp4', stream: Readable.from([Buffer.from('y')]) });
    await storage.delete('jobs/7/attempt-1/out.mp4');
    expect(await readdir(join(root, 'jobs'))).toEqual(['8']);
    expect(await storage.deletePrefix('jobs/8/')).toBe(1);
    expect((await readdir(root)).filter((name) => name !== '.tmp')).toEqual([]);
  });

  it('answers CONFLICT when a key needs a folder where a file is (S3 allows it, disks do not)', async () => {
    await storage.putStream({ key: 'a', stream: Readable.from([Buffer.from('file')]) });
    await expect(
      storage.putStream({ key: 'a/b', stream: Readable.from([Buffer.from('x')]) }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await storage.stat('a/b')).toBeNull();
  });

  it('fails the readiness check when the root cannot be written', async () => {
    const file = join(root, 'not-a-dir');
    await writeFile(file, 'x');
    await expect(createLocalStorage({ root: file }).check()).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
    });
  });

  it('derives content types from the key', async () => {
    await storage.putStream({ key: 'v.MP4', stream: Readable.from([Buffer.from('x')]) });
    expect((await storage.stat('v.MP4'))?.contentType).toBe('video/mp4');
    await storage.putStream({ key: 'blob', stream: Readable.from([Buffer.from('x')]) });
    expect((await storage.stat('blob'))?.contentType).toBeUndefined();
  });
});
