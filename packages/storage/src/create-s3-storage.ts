import { createReadStream } from 'node:fs';
import { stat as statFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { addAbortSignal } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { EcgError } from '@ecg-render/errors';
import { attachmentDisposition } from './attachment-disposition.js';
import { createDigestStream } from './create-digest-stream.js';
import type {
  GetStreamOptions,
  GetStreamResult,
  ObjectStat,
  PutResult,
  Storage,
} from './storage.js';
import { toStorageError } from './to-storage-error.js';
import { validateKey } from './validate-key.js';
import { validatePrefix } from './validate-prefix.js';
import { validateRange } from './validate-range.js';

export interface S3StorageOptions {
  bucket: string;
  /** Default `us-east-1` (most S3-compatible servers ignore it, but SigV4 needs one). */
  region?: string;
  /** For S3-compatible servers (`http://127.0.0.1:9000`); default: AWS's endpoint for the region. */
  endpoint?: string;
  /** `https://host/bucket/key` instead of `https://bucket.host/key`. Default false; most self-hosted servers need true. */
  forcePathStyle?: boolean;
  /** Default: the SDK's provider chain (instance role, shared config…). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * When the SDK adds CRC checksums to requests and validates them on responses. Default
   * `WHEN_REQUIRED`: only where the S3 API demands one. `WHEN_SUPPORTED` (the SDK's own default)
   * sends *streamed* bodies `aws-chunked` with a trailing checksum, which S3 understands but some
   * compatible servers do not: s3rver stores the chunk framing inside the object, radosgw refuses
   * the upload (shared/DESIGN.md, "S3-compatible servers for tests"; s3-storage.test.ts shows it).
   * This adapter uploads through lib-storage, which sends buffered parts, so its own puts store
   * the right bytes either way; the setting still governs every other request the client makes.
   */
  checksums?: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';
  /** Multipart part size; uploads up to one part are a single PUT. Default 8 MiB, minimum 5 MiB (S3's rule). */
  partSizeBytes?: number;
  /** Parts uploaded at once per upload; memory held is about queueSize × partSizeBytes. Default 4. */
  queueSize?: number;
  /** Attempts per request, including the first (the SDK retries throttling and 5xx). Default 3. */
  maxAttempts?: number;
}

const MIN_PART_SIZE = 5 * 1024 * 1024;
/** SigV4 presigned URLs live at most seven days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;
/** DeleteObjects takes at most 1000 keys per request, as ListObjectsV2 returns per page. */
const DELETE_BATCH = 1000;

/** An S3 (or S3-compatible) bucket behind the Storage interface. */
export function createS3Storage(options: S3StorageOptions): Storage {
  const { bucket } = options;
  const checksums = options.checksums ?? 'WHEN_REQUIRED';
  const partSize = options.partSizeBytes ?? 8 * 1024 * 1024;
  if (!Number.isSafeInteger(partSize) || partSize < MIN_PART_SIZE) {
    throw new EcgError(
      'CONFIG_INVALID',
      `S3 part size must be at least ${MIN_PART_SIZE} bytes (S3's minimum)`,
      {
        details: { partSizeBytes: partSize },
      },
    );
  }
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint && { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.credentials && { credentials: options.credentials }),
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    maxAttempts: options.maxAttempts ?? 3,
  });

  /**
   * Streams `source` into `key`. lib-storage cuts the stream into parts, sends one PUT when it
   * fits a single part, else a multipart upload. On any failure it aborts the multipart upload
   * itself, and its `done()` settles only after that abort. Our AbortSignal is therefore wired to
   * the *source* (destroying it fails the upload through that same path) rather than to
   * `Upload.abort()`, whose `done()` rejects at once while the abort request is still pending.
   */
  const upload = async (args: {
    key: string;
    source: Readable;
    contentType?: string;
    contentLength?: number;
    signal?: AbortSignal;
  }): Promise<PutResult> => {
    const digest = createDigestStream();
    const body = digest.stream;
    try {
      validateKey(args.key);
      args.signal?.throwIfAborted();
      if (args.signal) addAbortSignal(args.signal, body);
      // A source failure reaches the upload through the body (destroyed with the same error), so
      // the pipeline's own rejection needs no handling beyond never being left unhandled.
      const piping = pipeline(args.source, body).catch(() => undefined);
      const transfer = new Upload({
        client,
        partSize,
        queueSize: options.queueSize ?? 4,
        leavePartsOnError: false,
        params: {
          Bucket: bucket,
          Key: args.key,
          Body: body,
          ...(args.contentType && { ContentType: args.contentType }),
        },
      });
      try {
        await transfer.done();
      } catch (error) {
        // The upload may have stopped reading mid-stream (a part failed): unblock the pipeline.
        body.destroy();
        await piping;
        throw error;
      }
      await piping;
      const result = digest.result();
      if (args.contentLength !== undefined && result.size !== args.contentLength) {
        // The file changed while it was read: what was stored is not the file that was asked for.
        await client
          .send(new DeleteObjectCommand({ Bucket: bucket, Key: args.key }))
          .catch(() => undefined);
        throw new EcgError(
          'STORAGE_FAILED',
          `File for ${JSON.stringify(args.key)} changed size during upload`,
          {
            details: { key: args.key, expected: args.contentLength, read: result.size },
          },
        );
      }
      return { key: args.key, ...result };
    } catch (error) {
      args.source.destroy();
      throw toStorageError(error, { op: 'put', key: args.key, bucket });
    }
  };

  return {
    kind: 's3',

    async putFile({ key, path, contentType, signal }) {
      let size: number;
      try {
        size = (await statFile(path)).size;
      } catch (error) {
        throw toStorageError(error, { op: 'put', key, bucket });
      }
      return upload({
        key,
        source: createReadStream(path),
        contentType,
        contentLength: size,
        signal,
      });
    },

    async putStream({ key, stream, contentType, signal }) {
      return upload({ key, source: stream, contentType, signal });
    },

    async getStream(key: string, options: GetStreamOptions = {}): Promise<GetStreamResult> {
      validateKey(key);
      const range = options.range && validateRange(options.range);
      try {
        const response = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(range && { Range: `bytes=${range.start}-${range.end ?? ''}` }),
          }),
          { ...(options.signal && { abortSignal: options.signal }) },
        );
        const stream = response.Body as Readable | undefined;
        if (!stream) throw new Error('the response has no body');
        const size = response.ContentLength ?? 0;
        // `Content-Range: bytes 0-9/100` → the served range and the whole size.
        const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.ContentRange ?? '');
        const served =
          range && match ? { start: Number(match[1]), end: Number(match[2]) } : undefined;
        const totalSize = match ? Number(match[3]) : size;
        if (range) {
          // A server that ignores or widens the range would make us serve the wrong bytes under a
          // Content-Range that promises others (s3rver 3.7 answers `bytes=0-0` with everything).
          const expectedEnd = Math.min(range.end ?? totalSize - 1, totalSize - 1);
          if (served?.start !== range.start || served.end !== expectedEnd) {
            stream.destroy();
            throw new EcgError(
              'STORAGE_FAILED',
              `S3 answered ${response.ContentRange ?? 'the whole object'} for bytes=${range.start}-${range.end ?? ''} of ${JSON.stringify(key)}`,
              {
                details: { key, range, contentRange: response.ContentRange ?? null },
              },
            );
          }
        }
        return {
          stream,
          size,
          totalSize,
          ...(served && { range: served }),
          ...(response.ContentType && { contentType: response.ContentType }),
        };
      } catch (error) {
        throw toStorageError(error, { op: 'get', key, bucket });
      }
    },

    async stat(key: string): Promise<ObjectStat | null> {
      validateKey(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return {
          size: head.ContentLength ?? 0,
          modified: head.LastModified ?? new Date(0),
          ...(head.ContentType && { contentType: head.ContentType }),
        };
      } catch (error) {
        const mapped = toStorageError(error, { op: 'stat', key, bucket });
        if (mapped.code === 'NOT_FOUND') return null;
        throw mapped;
      }
    },

    async delete(key: string): Promise<void> {
      validateKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        const mapped = toStorageError(error, { op: 'delete', key, bucket });
        if (mapped.code !== 'NOT_FOUND') throw mapped;
      }
    },

    async deletePrefix(prefix: string): Promise<number> {
      validatePrefix(prefix);
      let deleted = 0;
      try {
        let token: string | undefined;
        do {
          const page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              MaxKeys: DELETE_BATCH,
              ContinuationToken: token,
            }),
          );
          const keys = (page.Contents ?? []).flatMap((object) =>
            object.Key ? [{ Key: object.Key }] : [],
          );
          if (keys.length > 0) {
            const result = await client.send(
              new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
            );
            const failures = result.Errors ?? [];
            if (failures.length > 0) {
              throw new EcgError(
                'STORAGE_FAILED',
                `S3 refused to delete ${failures.length} object(s) under ${JSON.stringify(prefix)}`,
                {
                  details: {
                    prefix,
                    failures: failures.slice(0, 10).map((f) => ({ key: f.Key, code: f.Code })),
                  },
                },
              );
            }
            deleted += keys.length;
          }
          token = page.IsTruncated ? page.NextContinuationToken : undefined;
        } while (token);
        return deleted;
      } catch (error) {
        throw toStorageError(error, { op: 'deletePrefix', key: prefix, bucket });
      }
    },

    async presignGet({ key, expiresInSec, downloadName }) {
      validateKey(key);
      if (
        !Number.isSafeInteger(expiresInSec) ||
        expiresInSec < 1 ||
        expiresInSec > MAX_PRESIGN_SECONDS
      ) {
        throw new EcgError(
          'INVALID_REQUEST',
          `Presigned URL expiry must be 1..${MAX_PRESIGN_SECONDS} seconds`,
          {
            details: { expiresInSec },
          },
        );
      }
      try {
        const command = new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ...(downloadName && { ResponseContentDisposition: attachmentDisposition(downloadName) }),
        });
        return await getSignedUrl(client, command, { expiresIn: expiresInSec });
      } catch (error) {
        throw toStorageError(error, { op: 'presign', key, bucket });
      }
    },

    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch (error) {
        throw toStorageError(error, { op: 'check', key: '', bucket });
      }
    },

    close() {
      client.destroy();
      return Promise.resolve();
    },
  };
}
