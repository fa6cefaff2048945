import { loadPlugins, type PluginHost } from '@ecg-render/page/plugin-host';
import type { PluginRef } from '@ecg-render/page/protocol';

/** One entry of `plugins/index.json`, written at build time (build/studio-plugin-files.ts). */
export interface StudioPluginEntry {
  name: string;
  version: string;
  dir: string;
  sha256: string;
  manifest: Record<string, unknown>;
}

export interface StudioPlugins {
  host: PluginHost;
  entries: StudioPluginEntry[];
}

let loading: Promise<StudioPlugins> | null = null;

/**
 * Registers the workers' plugin packages with the engine, once per page: the files copied into the
 * studio at build time, loaded and wrapped by the render page's own plugin host (so a plugin that
 * throws is reported the same way), registered under the same names.
 */
export function loadStudioPlugins(): Promise<StudioPlugins> {
  loading ??= (async () => {
    const indexUrl = new URL('plugins/index.json', document.baseURI);
    const response = await fetch(indexUrl);
    if (!response.ok) throw new Error(`The studio's plugin list is missing (${response.status})`);
    const entries = (await response.json()) as StudioPluginEntry[];
    const refs: PluginRef[] = entries.map((entry) => ({
      name: entry.name,
      version: entry.version,
      baseUrl: new URL(`plugins/${entry.dir}/`, document.baseURI).href,
      manifest: entry.manifest,
    }));
    return { host: await loadPlugins(refs), entries };
  })();
  return loading;
}
