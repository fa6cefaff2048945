import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * How long an upload's temp file must have gone unwritten before a starting API removes it.
 * The API sets no request timeout (Fastify's `requestTimeout` is 0: uploads of MAX_UPLOAD_BYTES
 * may stream for long), so there is no "longest request" to wait for; instead, a file still being
 * received is written to all the time, and one received whole is stored and removed within
 * minutes. An hour without a write is an upload whose request died with its process.
 */
const STALE_UPLOAD_MS = 60 * 60 * 1000;

/**
 * At start: removes what requests of a crashed (killed, OOM) API process left in the temp
 * folders they stream into — render uploads (`tmp/uploads/<uuid>.upload`) and plugin packages
 * being unpacked (`tmp/plugins/<uuid>/`) — which each request removes in `finally`, so nothing
 * else ever would. Only entries untouched for `olderThanMs`: another API process on the same
 * DATA_DIR may be receiving an upload right now. Best effort: what cannot be read or removed is
 * left for the next start. Returns the paths removed.
 */
export async function sweepTempUploads(input: {
  dataDir: string;
  olderThanMs?: number;
  now?: number;
}): Promise<string[]> {
  const cutoff = (input.now ?? Date.now()) - (input.olderThanMs ?? STALE_UPLOAD_MS);
  const removed: string[] = [];
  for (const folder of ['uploads', 'plugins']) {
    const root = join(input.dataDir, 'tmp', folder);
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names) {
      const path = join(root, name);
      const modified = await lastModified(path).catch(() => null);
      if (modified === null || modified >= cutoff) continue;
      await rm(path, { recursive: true, force: true })
        .then(() => removed.push(path))
        .catch(() => undefined);
    }
  }
  return removed;
}

/**
 * The latest write under `path`: a plugin upload is a folder whose files are written while its
 * own modification time stays that of its creation.
 */
async function lastModified(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    latest = Math.max(latest, await lastModified(join(path, entry)));
  }
  return latest;
}
