import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { PluginPackage } from '@ecg-render/plugins';
import type { Storage } from '@ecg-render/storage';
import type { PluginFileIndex } from './plugin-file-index.js';
import { pluginStorageKey } from './plugin-storage-key.js';

/**
 * Stores a plugin package that `readPluginPackage` has checked (for the API's upload route):
 * every file, then the index last, so a reader that finds the index finds every file. Returns
 * what `registerPlugin` needs. Storing the same package again rewrites identical objects.
 */
export async function storePluginPackage(input: {
  storage: Storage;
  pkg: PluginPackage;
  signal?: AbortSignal;
}): Promise<{ storageKey: string; sizeBytes: number }> {
  const { storage, pkg } = input;
  const files: PluginFileIndex['files'] = [];
  for (const path of pkg.files) {
    const { size } = await storage.putFile({
      key: pluginStorageKey({ ...pkg, path }),
      path: join(pkg.dir, path),
      ...(input.signal && { signal: input.signal }),
    });
    files.push({ path, size });
  }
  const index: PluginFileIndex = {
    name: pkg.name,
    version: pkg.version,
    sha256: pkg.sha256,
    files,
  };
  const storageKey = pluginStorageKey(pkg);
  await storage.putStream({
    key: storageKey,
    stream: Readable.from([Buffer.from(JSON.stringify(index))]),
    contentType: 'application/json',
    ...(input.signal && { signal: input.signal }),
  });
  return { storageKey, sizeBytes: files.reduce((sum, f) => sum + f.size, 0) };
}
