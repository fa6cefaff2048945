import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Streams `source` into a new file (never held in memory), counting and hashing the bytes on the
 * way. `maxBytes` stops the copy with `onLimit()`'s error as soon as it is passed, whatever the
 * source's own limit says. The caller removes the file, also on failure.
 */
export async function saveStreamToFile(input: {
  source: Readable;
  path: string;
  maxBytes: number;
  onLimit: () => Error;
  signal?: AbortSignal;
}): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (size > input.maxBytes) {
        callback(input.onLimit());
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(input.source, meter, createWriteStream(input.path, { flags: 'wx' }), {
    ...(input.signal && { signal: input.signal }),
  });
  return { size, sha256: hash.digest('hex') };
}
