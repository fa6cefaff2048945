import type { Readable } from 'node:stream';

/** What a completed write reports: the bytes that were read from the source, counted and hashed. */
export interface PutResult {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes read from the source (what the object should contain). */
  sha256: string;
}

export interface PutFileOptions {
  key: string;
  /** Local file to upload; read once, streamed (never loaded whole into memory). */
  path: string;
  contentType?: string;
  signal?: AbortSignal;
}

export interface PutStreamOptions {
  key: string;
  stream: Readable;
  contentType?: string;
  signal?: AbortSignal;
}

/** An inclusive byte range, as in HTTP `Range: bytes=start-end`; `end` omitted means to the end. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface GetStreamOptions {
  range?: ByteRange;
  /** Aborting destroys the returned stream (and the underlying request or file handle). */
  signal?: AbortSignal;
}

export interface GetStreamResult {
  stream: Readable;
  /** Bytes this stream yields (the range's length when a range was asked for). */
  size: number;
  /** Size of the whole object, for `Content-Range: bytes s-e/total`. */
  totalSize: number;
  /** The inclusive range actually served (clamped to the object), when a range was asked for. */
  range?: { start: number; end: number };
  contentType?: string;
}

export interface ObjectStat {
  size: number;
  contentType?: string;
  modified: Date;
}

export interface PresignGetOptions {
  key: string;
  expiresInSec: number;
  /** Sets `Content-Disposition: attachment; filename=…` on the response. */
  downloadName?: string;
}

/**
 * Where jobs' inputs and outputs live. Keys are relative, `/`-separated paths, validated the same
 * way by every adapter (see validateKey), so moving from local disk to S3 never changes which keys
 * work. Writes are all-or-nothing: a reader sees the old object, the new one, or none, never a part.
 */
export interface Storage {
  readonly kind: 'local' | 's3';
  /** Streams a local file into `key` (multipart on S3 above the part size). Overwrites. */
  putFile(options: PutFileOptions): Promise<PutResult>;
  /** Streams `stream` into `key`. The stream is consumed (and destroyed on failure). Overwrites. */
  putStream(options: PutStreamOptions): Promise<PutResult>;
  /** Throws NOT_FOUND for a missing key, RANGE_NOT_SATISFIABLE for a range past the end. */
  getStream(key: string, options?: GetStreamOptions): Promise<GetStreamResult>;
  /** `null` when the key does not exist. */
  stat(key: string): Promise<ObjectStat | null>;
  /** Deleting a missing key is not an error (deletes are retried by an at-least-once queue). */
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix` (which must end with `/`); returns how many it deleted. */
  deletePrefix(prefix: string): Promise<number>;
  /** A time-limited URL a client can GET without credentials; `null` for local disk (stream it). */
  presignGet(options: PresignGetOptions): Promise<string | null>;
  /** Throws (STORAGE_FAILED) unless the store is reachable and writable; used by /ready. */
  check(): Promise<void>;
  /** Releases sockets and handles. The instance must not be used afterwards. */
  close(): Promise<void>;
}
