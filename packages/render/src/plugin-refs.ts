import type { PluginRef } from '@ecg-render/page';
import type { PluginPackage } from '@ecg-render/plugins';
import { PAGE_ORIGIN } from './page-origin.js';

/** Where each plugin package is served on the page's origin, and what the page registers. */
export function pluginRefs(packages: PluginPackage[]): {
  refs: PluginRef[];
  mounts: Record<string, string>;
} {
  const refs: PluginRef[] = [];
  const mounts: Record<string, string> = {};
  for (const pkg of packages) {
    // The content hash is part of the URL: a page can never mix two builds of one name@version.
    const prefix = `/plugins/${pkg.name}@${pkg.version}/${pkg.sha256.slice(0, 16)}/`;
    mounts[prefix] = pkg.dir;
    refs.push({
      name: pkg.name,
      version: pkg.version,
      baseUrl: `${PAGE_ORIGIN}${prefix}`,
      manifest: pkg.manifest,
    });
  }
  return { refs, mounts };
}
