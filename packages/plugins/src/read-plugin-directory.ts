import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EcgError } from '@ecg-render/errors';
import type { PluginPackage } from './plugin-package.js';
import { readPluginPackage } from './read-plugin-package.js';

/** Reads every `name@version` folder of a plugin directory (as `--plugins DIR` takes it). */
export async function readPluginDirectory(dir: string): Promise<PluginPackage[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    throw new EcgError('INVALID_PLUGIN', `Plugin directory ${dir} cannot be read`, {
      details: { dir },
    });
  }
  const packages: PluginPackage[] = [];
  for (const entry of entries
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const pkg = await readPluginPackage(join(dir, entry.name));
    if (entry.name !== `${pkg.name}@${pkg.version}`) {
      throw new EcgError(
        'INVALID_PLUGIN',
        `Plugin folder ${entry.name} must be named after its manifest: ${pkg.name}@${pkg.version}`,
        { details: { dir: pkg.dir } },
      );
    }
    packages.push(pkg);
  }
  return packages;
}
