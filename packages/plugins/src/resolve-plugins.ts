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

/** The highest version of `name` (exactly `version` when given) in `packages`; the first on ties. */
function best(
  packages: readonly PluginPackage[],
  name: string,
  version: string | null,
): PluginPackage | undefined {
  let found: PluginPackage | undefined;
  for (const pkg of packages) {
    if (pkg.name !== name || (version !== null && pkg.version !== version)) continue;
    if (!found || compareVersions(pkg.version, found.version) > 0) found = pkg;
  }
  return found;
}

/**
 * Chooses the packages a scenario needs. Our own set (`builtins`) comes first for every name it
 * has: a bare `name` takes the highest built-in version, and `name@version` the built-in one when
 * it exists. Only names (or versions) our set lacks come from `sources` — the registry, a user's
 * plugin folders — where `name@version` must match exactly and a bare `name` takes the highest
 * version, the first source winning a tie. The registry is shared by every API key, so this order
 * is what keeps one key's upload of `karaoke@99.0.0` (or of `karaoke@1.0.0` itself) from
 * replacing the built-in `karaoke` in every other key's scenarios: such an upload is used only
 * where a scenario names a version our set does not have. Unknown names fail with UNKNOWN_PLUGIN
 * listing what is available.
 */
export function resolvePlugins(options: {
  names: readonly string[];
  sources: readonly (readonly PluginPackage[])[];
  builtins?: readonly PluginPackage[];
}): PluginPackage[] {
  const chosen = new Map<string, PluginPackage>();
  const builtins = options.builtins ?? [];
  const others = options.sources.flat();
  const missing: string[] = [];
  for (const requested of options.names) {
    const at = requested.lastIndexOf('@');
    const name = at > 0 ? requested.slice(0, at) : requested;
    const version = at > 0 ? requested.slice(at + 1) : null;
    const pkg = best(builtins, name, version) ?? best(others, name, version);
    if (!pkg) missing.push(requested);
    else chosen.set(`${pkg.name}@${pkg.version}`, pkg);
  }
  if (missing.length > 0) {
    const available = [
      ...new Set([...builtins, ...others].map((p) => `${p.name}@${p.version}`)),
    ].sort();
    throw new EcgError(
      'UNKNOWN_PLUGIN',
      `Unknown plugin${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Available: ${available.join(', ') || 'none'}`,
      { details: { missing, available } },
    );
  }
  return [...chosen.values()];
}
