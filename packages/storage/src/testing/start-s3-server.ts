import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StorageOptions } from '../create-s3-storage.js';

export interface StartS3ServerOptions {
  /** Bucket created at start. Default `test-bucket`. */
  bucket?: string;
  /** Where s3rver keeps objects. Default: a fresh temp directory, removed by `close()`. */
  directory?: string;
}

export interface PendingMultipartUpload {
  key: string;
  uploadId: string;
}

export interface S3TestServer {
  /** `http://127.0.0.1:<random free port>` */
  endpoint: string;
  bucket: string;
  region: string;
  /** s3rver's fixed account; it verifies SigV4 signatures (presigned URLs too) against it. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  directory: string;
  /** Options for createS3Storage pointed at this server (path style); overrides win. */
  storageOptions(overrides?: Partial<S3StorageOptions>): S3StorageOptions;
  /** The file in which s3rver keeps `key`'s bytes, to check what was really stored. */
  objectFile(key: string): string;
  /** Multipart uploads started and neither completed nor aborted, read from s3rver's disk. */
  pendingUploads(): Promise<PendingMultipartUpload[]>;
  /** Stops the server and removes its directory if this helper created it. */
  close(): Promise<void>;
}

/** The parts of s3rver's (untyped) internals this helper uses: Koa's middleware list and its store. */
interface S3rverInternals {
  middleware: Array<(ctx: KoaContext, next: () => Promise<void>) => Promise<void>>;
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  status: number;
  type: string;
  body: unknown;
}

const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&'"]/g,
    (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`,
  );

/**
 * Starts s3rver (a real HTTP S3 implementation over a directory) on a random free port, with one
 * bucket. s3rver 3.7 implements multipart create/upload-part/complete but not AbortMultipartUpload
 * or ListMultipartUploads; this helper adds both over s3rver's own on-disk upload store (abort
 * removes the upload's directory, list reads it), so tests can prove that failed uploads are
 * aborted. Those two routes skip signature checks; everything else is s3rver's.
 *
 *   const s3 = await startS3Server();
 *   const storage = createS3Storage(s3.storageOptions());
 *   …
 *   await storage.close(); await s3.close();
 */
export async function startS3Server(options: StartS3ServerOptions = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'test-bucket';
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'ecg-s3rver-')));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const internals = server as unknown as S3rverInternals;
  const uploadsDir = (name: string): string =>
    internals.store.getResourcePath(name, undefined, 'uploads');

  const pendingUploads = async (): Promise<PendingMultipartUpload[]> => {
    const dir = uploadsDir(bucket);
    const ids = await readdir(dir).catch(() => [] as string[]);
    return Promise.all(
      ids.map(async (uploadId) => ({
        uploadId,
        key: await readFile(join(dir, uploadId, 'key'), 'utf8'),
      })),
    );
  };

  // Koa runs middleware in list order; putting ours first lets it answer before s3rver's router.
  internals.middleware.unshift(async (ctx, next) => {
    // Path style: `/<bucket>/<key…>`; the SDK lists with `/<bucket>/?uploads`, hence the filter.
    const [name = '', ...keyParts] = ctx.path.split('/').filter(Boolean);
    const uploadId = ctx.query.uploadId;
    if (ctx.method === 'DELETE' && typeof uploadId === 'string' && keyParts.length > 0) {
      const dir = join(uploadsDir(name), uploadId);
      const exists = await stat(dir).then(
        () => true,
        () => false,
      );
      if (!exists || /[/\\]|^\.\.?$/.test(uploadId)) {
        ctx.status = 404;
        ctx.type = 'application/xml';
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
        return;
      }
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    if (
      ctx.method === 'GET' &&
      'uploads' in ctx.query &&
      keyParts.length === 0 &&
      name === bucket
    ) {
      const uploads = await pendingUploads();
      ctx.type = 'application/xml';
      ctx.body =
        `<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult xmlns="${S3_XMLNS}">` +
        `<Bucket>${escapeXml(bucket)}</Bucket><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
        uploads
          .map(
            (u) =>
              `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${escapeXml(u.uploadId)}</UploadId></Upload>`,
          )
          .join('') +
        `</ListMultipartUploadsResult>`;
      return;
    }
    await next();
  });

  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const region = 'us-east-1';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

  return {
    endpoint,
    bucket,
    region,
    credentials,
    directory,
    storageOptions: (overrides = {}) => ({
      endpoint,
      bucket,
      region,
      credentials,
      forcePathStyle: true,
      ...overrides,
    }),
    objectFile: (key) => internals.store.getResourcePath(bucket, key, 'object'),
    pendingUploads,
    async close() {
      try {
        await server.close();
      } finally {
        if (ownsDirectory) await rm(directory, { recursive: true, force: true });
      }
    },
  };
}
