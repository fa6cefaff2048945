import { EcgError } from '@ecg-render/errors';
import type { PluginPackage } from './plugin-package.js';

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const pb = b.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return 1; // 1.0.0 > 1.0.0-beta
    if (y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/**
 * Chooses the packages a scenario needs. `name@version` must match exactly; a bare `name` takes
 * the highest version available. Sources are searched in order (the user's before our own set), so
 * a user package shadows a built-in one of the same name and version. Unknown names fail with
 * UNKNOWN_PLUGIN listing what is available.
 */
export function resolvePlugins(options: {
  names: string[];
  sources: PluginPackage[][];
}): PluginPackage[] {
  const chosen = new Map<string, PluginPackage>();
  const all = options.sources.flat();
  const missing: string[] = [];
  for (const requested of options.names) {
    const at = requested.lastIndexOf('@');
    const name = at > 0 ? requested.slice(0, at) : requested;
    const version = at > 0 ? requested.slice(at + 1) : null;
    let best: PluginPackage | undefined;
    for (const pkg of all) {
      if (pkg.name !== name || (version !== null && pkg.version !== version)) continue;
      if (!best || compareVersions(pkg.version, best.version) > 0) best = pkg;
    }
    if (!best) missing.push(requested);
    else chosen.set(`${best.name}@${best.version}`, best);
  }
  if (missing.length > 0) {
    const available = [...new Set(all.map((p) => `${p.name}@${p.version}`))].sort();
    throw new EcgError(
      'UNKNOWN_PLUGIN',
      `Unknown plugin${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Available: ${available.join(', ') || 'none'}`,
      { details: { missing, available } },
    );
  }
  return [...chosen.values()];
}
