import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { EcgError } from '@ecg-render/errors';
import type { PluginPackage } from './plugin-package.js';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const NAME = /^[A-Za-z][\w.-]{0,63}$/;
const MAX_FILES = 200;
const MAX_BYTES = 20 * 1024 * 1024;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (current: string) => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      // Links could point outside the package; packages are plain folders.
      if (entry.isSymbolicLink()) {
        throw new EcgError(
          'INVALID_PLUGIN',
          `Plugin package ${dir} contains a symbolic link: ${relative(dir, full)}`,
        );
      }
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) out.push(relative(dir, full).split(sep).join('/'));
      if (out.length > MAX_FILES)
        throw new EcgError(
          'INVALID_PLUGIN',
          `Plugin package ${dir} has more than ${MAX_FILES} files`,
        );
    }
  };
  await walk(dir);
  return out.sort();
}

function invalid(dir: string, message: string): EcgError {
  return new EcgError('INVALID_PLUGIN', `Plugin package ${dir}: ${message}`, { details: { dir } });
}

/**
 * Reads and checks one plugin package (MANIFEST_STANDARD.md): a manifest with a name, a semantic
 * version and an entry module inside the folder. The content hash covers every file, so a package
 * can be pinned and verified before its code runs.
 */
export async function readPluginPackage(dir: string): Promise<PluginPackage> {
  const root = resolve(dir);
  let manifestText: string;
  try {
    manifestText = await readFile(join(root, 'manifest.json'), 'utf8');
  } catch {
    throw invalid(root, 'manifest.json is missing');
  }
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(manifestText) as Record<string, unknown>;
  } catch (error) {
    throw invalid(root, `manifest.json is not valid JSON (${(error as Error).message})`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest))
    throw invalid(root, 'manifest.json must be an object');
  const name = manifest['name'];
  const version = manifest['version'];
  if (typeof name !== 'string' || !NAME.test(name))
    throw invalid(root, 'manifest "name" must be a plain identifier');
  if (typeof version !== 'string' || !SEMVER.test(version))
    throw invalid(root, 'manifest "version" must be a semantic version like 1.0.0');
  const entry = manifest['entry'] === undefined ? 'index.mjs' : manifest['entry'];
  if (typeof entry !== 'string' || !/\.m?js$/.test(entry))
    throw invalid(root, 'manifest "entry" must name a .mjs or .js module');
  const entryPath = resolve(root, entry);
  if (!entryPath.startsWith(root + sep))
    throw invalid(root, 'manifest "entry" must stay inside the package');
  const files = await listFiles(root);
  if (!files.includes(relative(root, entryPath).split(sep).join('/')))
    throw invalid(root, `entry module ${entry} is missing`);
  const api = manifest['pluginApi'];
  if (api !== undefined && api !== '3.0' && api !== 'v3.0')
    throw invalid(root, `pluginApi ${JSON.stringify(api)} is not supported (3.0 is)`);

  const hash = createHash('sha256');
  let total = 0;
  for (const file of files) {
    const bytes = await readFile(join(root, file));
    total += bytes.length;
    if (total > MAX_BYTES) throw invalid(root, `package is larger than ${MAX_BYTES} bytes`);
    hash.update(file).update('\0').update(bytes).update('\0');
  }
  await stat(root);
  return {
    name,
    version,
    dir: root,
    manifest: { ...manifest, name, version, entry },
    sha256: hash.digest('hex'),
    files,
  };
}
