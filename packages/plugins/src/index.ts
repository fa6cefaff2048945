import { fileURLToPath } from 'node:url';
import type { PluginPackage } from './plugin-package.js';
import { readPluginDirectory } from './read-plugin-directory.js';

export type { PluginPackage } from './plugin-package.js';
export { readPluginPackage } from './read-plugin-package.js';
export { readPluginDirectory } from './read-plugin-directory.js';
export { resolvePlugins } from './resolve-plugins.js';

/** Our own plugin set, one `name@version` folder each. */
export const builtinPluginsDir = fileURLToPath(new URL('../packages/', import.meta.url));

let builtins: Promise<PluginPackage[]> | null = null;
export function builtinPlugins(): Promise<PluginPackage[]> {
  builtins ??= readPluginDirectory(builtinPluginsDir);
  return builtins;
}
