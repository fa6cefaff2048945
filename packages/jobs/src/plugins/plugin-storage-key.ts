import { validateKey } from '@ecg-render/storage';

/**
 * Where a registry plugin package lives in storage, agreed between the API (which stores
 * uploads) and workers (which fetch them): one object per file under a folder named by the
 * package's content hash, plus an index of the files (`path` omitted) that the plugins row's
 * `storage_key` points at. Content-addressed, so a package is never overwritten by a different
 * one and every copy can be verified against the hash it is pinned by.
 *
 *   plugins/karaoke@1.2.0/<sha256>/manifest.json
 *   plugins/karaoke@1.2.0/<sha256>/index.mjs
 *   plugins/karaoke@1.2.0/<sha256>.files.json      ← index (storage_key)
 */
export function pluginStorageKey(input: {
  name: string;
  version: string;
  sha256: string;
  /** A file's path inside the package (`assets/logo.png`); omitted: the package's index. */
  path?: string;
}): string {
  const base = `plugins/${input.name}@${input.version}/${input.sha256.toLowerCase()}`;
  return validateKey(input.path === undefined ? `${base}.files.json` : `${base}/${input.path}`);
}
