import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { findPlugin, findPluginByHash, listPlugins, type Plugin, type Sql } from '@ecg-render/db';
import { EcgError, isEcgError } from '@ecg-render/errors';
import { builtinPlugins, readPluginPackage, type PluginPackage } from '@ecg-render/plugins';
import type { Storage } from '@ecg-render/storage';
import { compareVersions } from './compare-versions.js';
import type { PinnedPlugin } from './pinned-plugin.js';
import { pinnedPluginsOf } from './pinned-plugins-of.js';
import type { PluginFileIndex } from './plugin-file-index.js';
import { pluginStorageKey } from './plugin-storage-key.js';

const MAX_INDEX_BYTES = 1024 * 1024;

/**
 * The plugin packages a job renders with, on local disk for `renderVideo({pluginPackages})`.
 *
 * A job created by the API carries the packages it was pinned to (`jobOptions.plugins`, see
 * PinnedPlugin): exactly those are returned, whatever the registry holds now — built-ins from our
 * own set (builtinPlugins) when their hash still matches, registry packages by hash. A pinned
 * package that is gone (no registry row or stored object with that hash; a built-in a different
 * release built) is PLUGIN_UNAVAILABLE: never another package of the same name. `names` are then
 * not looked up again (renderVideo resolves them among these packages and our set, the way the
 * API resolved them when pinning).
 *
 * A job without pins (created before pinning) has its `names` resolved now, as the API would:
 * names (or `name@version`s) our built-in set has are left to renderVideo, which prefers our set;
 * other names come from the registry (`name@version`, or a bare `name` for the highest version);
 * anything else is UNKNOWN_PLUGIN.
 *
 * Registry packages are cached under `cacheDir/<sha256>`, written to a temp folder first and
 * renamed into place, and verified by content hash (readPluginPackage) both when fetched and when
 * taken from the cache: a mismatch is INVALID_PLUGIN, never used.
 */
export async function fetchPluginPackages(input: {
  sql: Sql;
  storage: Storage;
  names: readonly string[];
  /** The job's stored options (`jobs.options`); their `plugins` list, when present, decides. */
  jobOptions?: Readonly<Record<string, unknown>>;
  cacheDir: string;
  signal?: AbortSignal;
}): Promise<PluginPackage[]> {
  const pinned = input.jobOptions === undefined ? null : pinnedPluginsOf(input.jobOptions);
  if (pinned !== null) return fetchPinned({ ...input, pinned });

  const wanted = new Map<string, Plugin>();
  const missing: string[] = [];
  const builtins = await builtinPlugins();
  for (const requested of new Set(input.names)) {
    const [name, version] = splitName(requested);
    if (builtins.some((p) => p.name === name && (version === null || p.version === version))) {
      continue;
    }
    const plugin = await lookUp(input.sql, requested);
    if (plugin) wanted.set(plugin.sha256, plugin);
    else missing.push(requested);
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

async function fetchPinned(input: {
  sql: Sql;
  storage: Storage;
  pinned: readonly PinnedPlugin[];
  cacheDir: string;
  signal?: AbortSignal;
}): Promise<PluginPackage[]> {
  const packages: PluginPackage[] = [];
  for (const pin of input.pinned) {
    if (pin.builtin) {
      const pkg = (await builtinPlugins()).find(
        (p) => p.name === pin.name && p.version === pin.version && p.sha256 === pin.sha256,
      );
      if (!pkg) {
        throw unavailable(
          pin,
          "this worker's built-in set has no package with that hash (another release of ECG Render built it); submit the job again",
        );
      }
      packages.push(pkg);
      continue;
    }
    const plugin = await findPluginByHash(input.sql, pin.sha256);
    if (plugin === null || plugin.name !== pin.name || plugin.version !== pin.version) {
      throw unavailable(pin, 'the registry no longer has a package with that hash');
    }
    try {
      packages.push(await cachedPackage({ ...input, plugin }));
    } catch (error) {
      // The row is there but its objects are not: as gone as a missing row.
      if (isEcgError(error) && error.code === 'NOT_FOUND') {
        throw unavailable(pin, 'its files are missing from storage', error);
      }
      throw error;
    }
  }
  return packages;
}

function unavailable(pin: PinnedPlugin, why: string, cause?: unknown): EcgError {
  return new EcgError(
    'PLUGIN_UNAVAILABLE',
    `Plugin ${pin.name}@${pin.version} (sha256 ${pin.sha256.slice(0, 12)}…), pinned when the job was created, is unavailable: ${why}`,
    { details: { ...pin }, ...(cause !== undefined && { cause }) },
  );
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
