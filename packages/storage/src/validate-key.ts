import { EcgError } from '@ecg-render/errors';

/** S3's limit; local paths stay well inside PATH_MAX with it. */
const MAX_KEY_BYTES = 1024;
/** Most filesystems' limit for one path component. */
const MAX_SEGMENT_BYTES = 255;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Checks that `key` is a safe relative object key and returns it unchanged.
 *
 * The rules are strict on purpose and the same for every adapter: a key must map inside the local
 * root (no absolute paths, no `..`), must not smuggle a NUL or control character into a file name
 * or an HTTP header, and no segment may start with a dot — that rules out `.`/`..`, hidden files,
 * and the local adapter's own `.tmp` directory. Backslashes are refused so a key means the same
 * path on every platform.
 */
export function validateKey(key: unknown): string {
  const fail = (reason: string): never => {
    throw new EcgError(
      'INVALID_STORAGE_KEY',
      `Invalid storage key ${JSON.stringify(key)}: ${reason}`,
      {
        details: { key: typeof key === 'string' ? key : String(key), reason },
      },
    );
  };
  if (typeof key !== 'string' || key.length === 0) return fail('it must be a non-empty string');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES)
    return fail(`it is longer than ${MAX_KEY_BYTES} bytes`);
  if (CONTROL_CHARACTERS.test(key)) return fail('it contains a NUL or control character');
  if (key.includes('\\')) return fail('it contains a backslash');
  if (key.startsWith('/')) return fail('it must be relative (no leading "/")');
  for (const segment of key.split('/')) {
    if (segment === '') return fail('it has an empty path segment ("//" or a trailing "/")');
    if (segment.startsWith('.')) return fail('a path segment starts with "." (this includes "..")');
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) {
      return fail(`a path segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
    }
  }
  return key;
}
