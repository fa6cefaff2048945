import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

export interface DigestStream {
  /** Pass-through stream: bytes written in come out unchanged. */
  stream: Transform;
  /** Bytes seen so far and their SHA-256; final once the stream has ended. */
  result(): { size: number; sha256: string };
}

/** Counts and hashes the bytes flowing through, so a put reports what it actually read. */
export function createDigestStream(): DigestStream {
  const hash = createHash('sha256');
  let size = 0;
  let sha256: string | undefined;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      sha256 = hash.digest('hex');
      callback();
    },
  });
  return {
    stream,
    result() {
      // A hash can be finalised only once; before the end, report the hash of a copy.
      return { size, sha256: sha256 ?? hash.copy().digest('hex') };
    },
  };
}
