import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { findPlugin, listPlugins, type Plugin, type Sql } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { builtinPlugins, readPluginPackage, type PluginPackage } from '@ecg-render/plugins';
import type { Storage } from '@ecg-render/storage';
import { compareVersions } from './compare-versions.js';
import type { PluginFileIndex } from './plugin-file-index.js';
import { pluginStorageKey } from './plugin-storage-key.js';

const MAX_INDEX_BYTES = 1024 * 1024;

/**
 * The registry packages a scenario needs, on local disk for `renderVideo({pluginPackages})`.
 * Each name (`name@version`, or a bare `name` for the highest version) is looked up in the
 * registry; names only our built-in set has are left to renderVideo, which searches it after
 * these; anything else is UNKNOWN_PLUGIN. Packages are cached under `cacheDir/<sha256>`, written
 * to a temp folder first and renamed into place, and verified by content hash (readPluginPackage)
 * both when fetched and when taken from the cache: a mismatch is INVALID_PLUGIN, never used.
 */
export async function fetchPluginPackages(input: {
  sql: Sql;
  storage: Storage;
  names: readonly string[];
  cacheDir: string;
  signal?: AbortSignal;
}): Promise<PluginPackage[]> {
  const wanted = new Map<string, Plugin>();
  const missing: string[] = [];
  let builtins: PluginPackage[] | null = null;
  for (const requested of new Set(input.names)) {
    const plugin = await lookUp(input.sql, requested);
    if (plugin) {
      wanted.set(plugin.sha256, plugin);
      continue;
    }
    builtins ??= await builtinPlugins();
    const [name, version] = splitName(requested);
    if (!builtins.some((p) => p.name === name && (version === null || p.version === version))) {
      missing.push(requested);
    }
  }
  if (missing.length > 0) {
    throw new EcgError(
      'UNKNOWN_PLUGIN',
      `Unknown plugin${missing.length > 1 ? 's' : ''}: ${missing.join(', ')} (not in the registry)`,
      { details: { missing } },
    );
  }
  const packages: PluginPackage[] = [];
  for (const plugin of wanted.values()) {
    packages.push(await cachedPackage({ ...input, plugin }));
  }
  return packages;
}

function splitName(requested: string): [string, string | null] {
  const at = requested.lastIndexOf('@');
  return at > 0 ? [requested.slice(0, at), requested.slice(at + 1)] : [requested, null];
}

async function lookUp(sql: Sql, requested: string): Promise<Plugin | null> {
  const [name, version] = splitName(requested);
  if (version !== null) return findPlugin(sql, { name, version });
  const all = await listPlugins(sql, { name });
  // Highest version; for equal versions listPlugins has the newest upload first.
  return all.reduce<Plugin | null>(
    (best, p) => (best === null || compareVersions(p.version, best.version) > 0 ? p : best),
    null,
  );
}

async function cachedPackage(input: {
  storage: Storage;
  cacheDir: string;
  plugin: Plugin;
  signal?: AbortSignal;
}): Promise<PluginPackage> {
  const { plugin } = input;
  const dir = join(input.cacheDir, plugin.sha256);
  const cached = await verified(dir, plugin).catch(() => null);
  if (cached) return cached;
  await rm(dir, { recursive: true, force: true });

  await mkdir(input.cacheDir, { recursive: true });
  const temp = join(
    input.cacheDir,
    `.tmp-${plugin.sha256.slice(0, 12)}-${randomBytes(4).toString('hex')}`,
  );
  try {
    const index = await readIndex(input);
    for (const file of index.files) {
      const target = resolve(temp, file.path);
      if (!target.startsWith(resolve(temp) + sep)) {
        throw invalid(plugin, `file ${JSON.stringify(file.path)} lies outside the package`);
      }
      await mkdir(dirname(target), { recursive: true });
      const { stream } = await input.storage.getStream(
        pluginStorageKey({ ...plugin, path: file.path }),
        input.signal ? { signal: input.signal } : {},
      );
      await pipeline(stream, createWriteStream(target, { flags: 'wx' }));
    }
    const pkg = await readPluginPackage(temp);
    if (pkg.sha256 !== plugin.sha256) {
      throw invalid(plugin, `its files hash to ${pkg.sha256}, not the registered ${plugin.sha256}`);
    }
    try {
      await rename(temp, dir);
    } catch (error) {
      // Another job on this worker cached it first; theirs is checked like any cached copy.
      if (
        !(await stat(dir).then(
          () => true,
          () => false,
        ))
      )
        throw error;
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  const pkg = await verified(dir, plugin);
  if (!pkg) throw invalid(plugin, 'the cached copy does not match its content hash');
  return pkg;
}

async function verified(dir: string, plugin: Plugin): Promise<PluginPackage | null> {
  const pkg = await readPluginPackage(dir);
  return pkg.sha256 === plugin.sha256 ? pkg : null;
}

async function readIndex(input: {
  storage: Storage;
  plugin: Plugin;
  signal?: AbortSignal;
}): Promise<PluginFileIndex> {
  const { plugin } = input;
  const { stream, size } = await input.storage.getStream(
    plugin.storageKey,
    input.signal ? { signal: input.signal } : {},
  );
  if (size > MAX_INDEX_BYTES) {
    stream.destroy();
    throw invalid(plugin, 'its file index is too large');
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  let index: PluginFileIndex;
  try {
    index = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PluginFileIndex;
  } catch {
    throw invalid(plugin, 'its file index is not JSON');
  }
  if (index.sha256 !== plugin.sha256 || !Array.isArray(index.files)) {
    throw invalid(plugin, 'its file index does not describe this package');
  }
  return index;
}

function invalid(plugin: Plugin, why: string): EcgError {
  return new EcgError('INVALID_PLUGIN', `Plugin ${plugin.name}@${plugin.version}: ${why}`, {
    details: { name: plugin.name, version: plugin.version, sha256: plugin.sha256 },
  });
}
