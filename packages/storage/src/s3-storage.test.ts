import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Storage } from './create-s3-storage.js';
import type { Storage } from './storage.js';
import { startS3Server, type S3TestServer } from './testing/index.js';

// What only the S3 adapter can get wrong: multipart uploads left behind, checksum framing stored
// as data, and how SDK failures surface. Runs against s3rver over HTTP.

const MiB = 1024 * 1024;
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

describe('S3 storage', () => {
  let server: S3TestServer;
  let storage: Storage;
  let client: S3Client;

  /** Multipart uploads the server still holds, asked the way one would ask real S3. */
  const listUploads = async (): Promise<string[]> => {
    const listed = await client.send(new ListMultipartUploadsCommand({ Bucket: server.bucket }));
    return (listed.Uploads ?? []).map((upload) => `${upload.Key}:${upload.UploadId}`);
  };

  beforeAll(async () => {
    server = await startS3Server();
    storage = createS3Storage(server.storageOptions({ partSizeBytes: 5 * MiB, queueSize: 2 }));
    client = new S3Client({
      ...server.storageOptions(),
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
  });

  afterAll(async () => {
    client?.destroy();
    await storage?.close();
    await server?.close();
  });

  it('the test server lists and aborts multipart uploads (so the checks below can see leftovers)', async () => {
    const { UploadId } = await client.send(
      new CreateMultipartUploadCommand({ Bucket: server.bucket, Key: 'probe.bin' }),
    );
    await client.send(
      new UploadPartCommand({
        Bucket: server.bucket,
        Key: 'probe.bin',
        UploadId,
        PartNumber: 1,
        Body: randomBytes(1024),
      }),
    );
    expect(await listUploads()).toEqual([`probe.bin:${UploadId}`]);
    expect(await server.pendingUploads()).toEqual([{ key: 'probe.bin', uploadId: UploadId }]);
    await client.send(
      new AbortMultipartUploadCommand({ Bucket: server.bucket, Key: 'probe.bin', UploadId }),
    );
    expect(await listUploads()).toEqual([]);
  });

  it('aborts the multipart upload when the source fails after a part went up', async () => {
    let partsSeen = 0;
    const source = Readable.from(
      (async function* () {
        yield randomBytes(6 * MiB); // one full 5 MiB part and the start of the next
        // Wait until the server really holds an open upload, so there is something to leave behind.
        while ((await server.pendingUploads()).length === 0)
          await new Promise((r) => setTimeout(r, 10));
        partsSeen = 1;
        throw Object.assign(new Error('download dropped'), { code: 'ECONNRESET' });
      })(),
    );
    await expect(
      storage.putStream({ key: 'jobs/2/attempt-1/output.mp4', stream: source }),
    ).rejects.toMatchObject({
      code: 'STORAGE_FAILED',
      retryable: true,
      cause: expect.objectContaining({ message: 'download dropped' }),
    });
    expect(partsSeen).toBe(1);
    expect(await listUploads()).toEqual([]);
    expect(await server.pendingUploads()).toEqual([]);
    expect(await storage.stat('jobs/2/attempt-1/output.mp4')).toBeNull();
  });

  it('aborts the multipart upload when the AbortSignal fires mid-upload', async () => {
    const controller = new AbortController();
    const source = Readable.from(
      (async function* () {
        yield randomBytes(6 * MiB);
        while ((await server.pendingUploads()).length === 0)
          await new Promise((r) => setTimeout(r, 10));
        controller.abort();
        yield randomBytes(6 * MiB);
      })(),
    );
    await expect(
      storage.putStream({
        key: 'jobs/3/attempt-1/output.mp4',
        stream: source,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED', retryable: false });
    expect(await listUploads()).toEqual([]);
    expect(await server.pendingUploads()).toEqual([]);
    expect(await storage.stat('jobs/3/attempt-1/output.mp4')).toBeNull();
  });

  it('stores exact bytes with the default checksum setting; the SDK default streams aws-chunked framing into s3rver', async () => {
    // The adapter's own puts (default WHEN_REQUIRED): exact bytes on s3rver's disk.
    const data = randomBytes(64 * 1024);
    await storage.putStream({ key: 'checksums/adapter.bin', stream: Readable.from([data]) });
    const stored = await readFile(server.objectFile('checksums/adapter.bin'));
    expect(sha256(stored)).toBe(sha256(data));

    // Why the setting exists, shown with a plain streamed PutObject: with WHEN_SUPPORTED (the SDK's
    // default) the body goes out aws-chunked — `<hex length>\r\n<data>\r\n0\r\nx-amz-checksum-crc32:…`
    // — and s3rver saves that framing as the object. With WHEN_REQUIRED the bytes are exact.
    const put = async (mode: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED'): Promise<Buffer> => {
      const raw = new S3Client({ ...server.storageOptions(), requestChecksumCalculation: mode });
      try {
        const key = `checksums/raw-${mode}.bin`;
        await raw.send(
          new PutObjectCommand({
            Bucket: server.bucket,
            Key: key,
            Body: Readable.from([data]),
            ContentLength: data.length,
          }),
        );
        return await readFile(server.objectFile(key));
      } finally {
        raw.destroy();
      }
    };
    expect(sha256(await put('WHEN_REQUIRED'))).toBe(sha256(data));
    const framed = await put('WHEN_SUPPORTED');
    expect(framed.length).toBeGreaterThan(data.length);
    expect(framed.subarray(0, 7).toString('latin1')).toBe(`${data.length.toString(16)}\r\n`);
    expect(framed.toString('latin1')).toContain('x-amz-checksum-crc32:');
  });

  it('maps an unreachable server to STORAGE_FAILED (retryable) with the cause', async () => {
    const dead = createS3Storage({
      ...server.storageOptions(),
      endpoint: 'http://127.0.0.1:9',
      maxAttempts: 1,
    });
    try {
      await expect(dead.check()).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        retryable: true,
        cause: expect.any(Error),
      });
      await expect(dead.stat('a.txt')).rejects.toMatchObject({ code: 'STORAGE_FAILED' });
    } finally {
      await dead.close();
    }
  });

  it('fails the readiness check for a missing bucket', async () => {
    const wrong = createS3Storage(server.storageOptions({ bucket: 'no-such-bucket' }));
    try {
      await expect(wrong.check()).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        details: { bucket: 'no-such-bucket' },
      });
    } finally {
      await wrong.close();
    }
  });

  it('refuses a part size below S3 minimum at construction', () => {
    expect(() => createS3Storage(server.storageOptions({ partSizeBytes: MiB }))).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
