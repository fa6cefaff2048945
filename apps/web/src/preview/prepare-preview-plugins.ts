import { loadPlugins, type PluginFailure, type PluginHost } from '@ecg-render/page/plugin-host';
import type { PluginRef, PluginWindow } from '@ecg-render/page/protocol';
import type { PluginPackage } from '@ecg-render/plugins-src/plugin-package.js';
import { resolvePlugins } from '@ecg-render/plugins-src/resolve-plugins.js';
import { isEcgError } from '@ecg-render/errors';
import type { ApiClient } from '../api/api-client.js';
import type { RegistryPlugin } from '../api/types.js';
import type { CaptionIssue } from '../captions/caption-issue.js';
import { loadStudioPluginIndex } from './load-studio-plugin-index.js';

export interface PreviewPlugins {
  /** Failures of the registered plugins' hooks since the last call (as the render page reports). */
  takeFailures(): PluginFailure[];
  /** How each registered plugin runs (`unknown` where none is registered by that name). */
  kind: (name: string) => PluginWindow['kind'];
  notes: CaptionIssue[];
}

/** A package as resolvePlugins sees it; only name, version and where it comes from matter here. */
type Candidate = PluginPackage & { ref: () => Promise<PluginRef>; registry: boolean };

function note(
  code: string,
  message: string,
  severity: CaptionIssue['severity'] = 'warning',
): CaptionIssue {
  return { severity, code, path: null, message };
}

/**
 * Registers, for one scenario, the plugin packages the workers will use for it, chosen the way
 * the API pins them for the workers (packages/plugins resolvePlugins: the built-in set first for
 * every name it has, so a bare name or one of its versions is never a registry upload; other
 * names from the registry, `name@version` exactly, a bare name the highest version): built-ins
 * from this studio's copy of the workers' plugin folder, registry packages from the API
 * (GET /api/plugins/files/{sha256}/…). Everything that keeps the preview from matching the
 * render is returned as a note: unknown plugins (the render would fail), a studio copy that
 * differs from the server's, a registry package the browser cannot load.
 */
export async function preparePreviewPlugins(input: {
  names: string[];
  client: ApiClient;
  /** GET /api/plugins; null when unknown (then only the built-ins are considered). */
  serverPlugins: RegistryPlugin[] | null;
}): Promise<PreviewPlugins> {
  const notes: CaptionIssue[] = [];
  const entries = await loadStudioPluginIndex();
  const stub = { dir: '', files: [] as string[] };
  const builtins: Candidate[] = entries.map((entry) => ({
    ...stub,
    name: entry.name,
    version: entry.version,
    sha256: entry.sha256,
    manifest: {
      ...entry.manifest,
      name: entry.name,
      version: entry.version,
      entry: typeof entry.manifest['entry'] === 'string' ? entry.manifest['entry'] : 'index.mjs',
    },
    registry: false,
    ref: () =>
      Promise.resolve({
        name: entry.name,
        version: entry.version,
        baseUrl: new URL(`plugins/${entry.dir}/`, document.baseURI).href,
        manifest: entry.manifest,
      }),
  }));
  const registry: Candidate[] = (input.serverPlugins ?? [])
    .filter((plugin) => !plugin.builtin)
    .map((plugin) => {
      const baseUrl = new URL(
        `${input.client.baseUrl}/api/plugins/files/${plugin.sha256}/`,
        document.baseURI,
      ).href;
      return {
        ...stub,
        name: plugin.name,
        version: plugin.version,
        sha256: plugin.sha256,
        manifest: { name: plugin.name, version: plugin.version, entry: 'index.mjs' },
        registry: true,
        ref: async () => ({
          name: plugin.name,
          version: plugin.version,
          baseUrl,
          manifest: await input.client.request<Record<string, unknown>>(
            `/api/plugins/files/${plugin.sha256}/manifest.json`,
          ),
        }),
      };
    });

  let chosen: Candidate[] = [];
  const wanted = [...input.names];
  for (let guard = 0; guard < 100; guard += 1) {
    try {
      chosen = resolvePlugins({ names: wanted, sources: [registry], builtins }) as Candidate[];
      break;
    } catch (error) {
      const missing = isEcgError(error)
        ? ((error.details['missing'] as string[] | undefined) ?? [])
        : [];
      if (missing.length === 0) throw error;
      for (const name of missing) {
        notes.push(
          note(
            'UNKNOWN_PLUGIN',
            `Plugin "${name}" is neither built in nor in the server's plugin registry: the render would fail with UNKNOWN_PLUGIN.`,
            'error',
          ),
        );
        wanted.splice(wanted.indexOf(name), 1);
      }
    }
  }

  const hosts: PluginHost[] = [];
  for (const pkg of chosen) {
    if (!pkg.registry) {
      const server = input.serverPlugins?.find(
        (p) => p.builtin && p.name === pkg.name && p.version === pkg.version,
      );
      if (server && server.sha256 !== pkg.sha256) {
        notes.push(
          note(
            'PLUGIN_BUILD_DIFFERS',
            `Plugin ${pkg.name}@${pkg.version} in this studio differs from the server's (content hash): rebuild the studio so the preview matches the render.`,
          ),
        );
      }
    }
    try {
      // One call per package, so one that fails to load does not keep the others out.
      hosts.push(await loadPlugins([await pkg.ref()]));
    } catch (error) {
      notes.push(
        note(
          'PLUGIN_NOT_IN_PREVIEW',
          `Plugin ${pkg.name}@${pkg.version} could not be loaded into the preview: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  }
  return {
    notes,
    takeFailures: () => hosts.flatMap((host) => host.takeFailures()),
    kind: (name) =>
      hosts.map((host) => host.kind(name)).find((kind) => kind !== 'unknown') ?? 'unknown',
  };
}
