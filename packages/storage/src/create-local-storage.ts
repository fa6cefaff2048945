import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { addAbortSignal } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EcgError, toEcgError } from '@ecg-render/errors';
import { contentTypeForKey } from './content-type-for-key.js';
import { createDigestStream } from './create-digest-stream.js';
import type {
  GetStreamOptions,
  GetStreamResult,
  ObjectStat,
  PutResult,
  Storage,
} from './storage.js';
import { validateKey } from './validate-key.js';
import { validatePrefix } from './validate-prefix.js';
import { validateRange } from './validate-range.js';

export interface LocalStorageOptions {
  /** Directory that holds every object; created on first write. Relative paths resolve from cwd. */
  root: string;
}

/** Where partial writes live until they are complete. Keys cannot name it (no dot segments). */
const TEMP_DIR = '.tmp';

/**
 * Objects as plain files under `root`, one file per key. Writes go to a temp file in `root/.tmp`
 * (same filesystem), are fsynced, then renamed over the target: readers see the old file or the
 * new one, never a part, and a crash mid-write leaves only a temp file, never a short object.
 *
 * Content types are not stored; they are derived from the key's extension (contentTypeForKey).
 */
export function createLocalStorage(options: LocalStorageOptions): Storage {
  const root = resolve(options.root);
  const tempDir = join(root, TEMP_DIR);

  const pathOf = (key: string): string => {
    const path = join(root, ...validateKey(key).split('/'));
    // validateKey already rules out escapes; this is the belt to its braces.
    const rel = relative(root, path);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new EcgError(
        'INVALID_STORAGE_KEY',
        `Storage key ${JSON.stringify(key)} maps outside the root`,
        {
          details: { key },
        },
      );
    }
    return path;
  };

  /** Removes now-empty directories from `dir` up to (not including) the root; never fails. */
  const pruneEmptyParents = async (dir: string): Promise<void> => {
    for (let current = dir; current.startsWith(root + sep); current = dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
    }
  };

  const fail = (error: unknown, context: { op: string; key: string }): EcgError => {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (error instanceof EcgError) return error;
    if (error instanceof Error && error.name === 'AbortError') return toEcgError(error);
    if (code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
      // S3 allows both `a` and `a/b`; a filesystem cannot. Keys from our own code never collide.
      return new EcgError(
        'CONFLICT',
        `Storage key ${JSON.stringify(context.key)} collides with a folder or a file`,
        {
          cause: error,
          details: context,
        },
      );
    }
    return new EcgError(
      'STORAGE_FAILED',
      `Local storage ${context.op} failed for ${JSON.stringify(context.key)}: ${String((error as Error | undefined)?.message ?? error)}`,
      {
        cause: error,
        details: context,
      },
    );
  };

  const write = async (args: {
    key: string;
    source: Readable;
    signal?: AbortSignal;
  }): Promise<PutResult> => {
    const temp = join(tempDir, `${randomUUID()}.part`);
    const digest = createDigestStream();
    let committed = false;
    try {
      const target = pathOf(args.key);
      args.signal?.throwIfAborted();
      await mkdir(tempDir, { recursive: true });
      // `flush: true` fsyncs before the stream closes, and the pipeline settles only after that
      // close. Without it a power cut after the rename can leave an empty or short file behind a
      // name that says "complete". (Writing through a FileHandle and calling sync() afterwards
      // is not an option: Node 20 keeps the handle busy while a stream holds it, and sync hangs.)
      await pipeline(
        args.source,
        digest.stream,
        createWriteStream(temp, { flags: 'wx', flush: true }),
        {
          ...(args.signal && { signal: args.signal }),
        },
      );
      args.signal?.throwIfAborted();
      await mkdir(dirname(target), { recursive: true });
      try {
        await rename(temp, target);
      } catch (error) {
        // A concurrent delete may have pruned the (then empty) parent between mkdir and rename.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        await mkdir(dirname(target), { recursive: true });
        await rename(temp, target);
      }
      committed = true;
      await syncDirectory(dirname(target));
      return { key: args.key, ...digest.result() };
    } catch (error) {
      args.source.destroy();
      throw fail(error, { op: 'put', key: args.key });
    } finally {
      if (!committed) await rm(temp, { force: true });
    }
  };

  return {
    kind: 'local',

    async putFile({ key, path, signal }) {
      return write({ key, source: createReadStream(path), signal });
    },

    async putStream({ key, stream, signal }) {
      return write({ key, source: stream, signal });
    },

    async getStream(key: string, options: GetStreamOptions = {}): Promise<GetStreamResult> {
      const path = pathOf(key);
      const range = options.range && validateRange(options.range);
      options.signal?.throwIfAborted();
      // Open first and size the open handle: a concurrent overwrite renames a new file in, and the
      // handle keeps reading the old one consistently.
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new EcgError('NOT_FOUND', `No object at ${JSON.stringify(key)}`, {
            details: { key },
          });
        }
        throw fail(error, { op: 'get', key });
      }
      try {
        const info = await handle.stat();
        if (!info.isFile()) {
          throw new EcgError('NOT_FOUND', `No object at ${JSON.stringify(key)}`, {
            details: { key },
          });
        }
        const totalSize = info.size;
        let served: { start: number; end: number } | undefined;
        if (range) {
          if (range.start >= totalSize) {
            throw new EcgError(
              'RANGE_NOT_SATISFIABLE',
              `Range starts at ${range.start} but ${JSON.stringify(key)} has ${totalSize} bytes`,
              {
                details: { key, range, totalSize },
              },
            );
          }
          served = { start: range.start, end: Math.min(range.end ?? totalSize - 1, totalSize - 1) };
        }
        const stream = handle.createReadStream({ ...served, autoClose: true });
        if (options.signal) addAbortSignal(options.signal, stream);
        const contentType = contentTypeForKey(key);
        handle = undefined; // the stream owns it now and closes it when done or destroyed
        return {
          stream,
          size: served ? served.end - served.start + 1 : totalSize,
          totalSize,
          ...(served && { range: served }),
          ...(contentType && { contentType }),
        };
      } catch (error) {
        throw fail(error, { op: 'get', key });
      } finally {
        await handle?.close();
      }
    },

    async stat(key: string): Promise<ObjectStat | null> {
      const path = pathOf(key);
      try {
        const info = await stat(path);
        if (!info.isFile()) return null;
        const contentType = contentTypeForKey(key);
        return { size: info.size, modified: info.mtime, ...(contentType && { contentType }) };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return null;
        throw fail(error, { op: 'stat', key });
      }
    },

    async delete(key: string): Promise<void> {
      const path = pathOf(key);
      try {
        const info = await stat(path).catch(() => null);
        if (!info?.isFile()) return; // missing (or a folder, which is not an object): nothing to do
        await rm(path, { force: true });
        await pruneEmptyParents(dirname(path));
      } catch (error) {
        throw fail(error, { op: 'delete', key });
      }
    },

    async deletePrefix(prefix: string): Promise<number> {
      const dir = pathOf(validatePrefix(prefix).slice(0, -1));
      try {
        let entries;
        try {
          entries = await readdir(dir, { recursive: true, withFileTypes: true });
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT' || code === 'ENOTDIR') return 0;
          throw error;
        }
        const count = entries.filter((entry) => entry.isFile()).length;
        await rm(dir, { recursive: true, force: true });
        await pruneEmptyParents(dirname(dir));
        return count;
      } catch (error) {
        throw fail(error, { op: 'deletePrefix', key: prefix });
      }
    },

    presignGet({ key }) {
      // Nothing can fetch a local file without us: the API streams it instead.
      return Promise.resolve().then(() => {
        pathOf(key);
        return null;
      });
    },

    async check() {
      const probe = join(tempDir, `check-${randomUUID()}`);
      try {
        await mkdir(tempDir, { recursive: true });
        const handle = await open(probe, 'wx');
        await handle.close();
      } catch (error) {
        throw new EcgError(
          'STORAGE_FAILED',
          `Local storage root ${root} is not writable: ${(error as Error).message}`,
          {
            cause: error,
            details: { root },
          },
        );
      } finally {
        await rm(probe, { force: true }).catch(() => undefined);
      }
    },

    async close() {
      // Nothing held between calls.
    },
  };
}

/** Makes a rename durable: the new directory entry is on disk once this resolves. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
