/** One entry of `plugins/index.json`, written at build time (build/studio-plugin-files.ts). */
export interface StudioPluginEntry {
  name: string;
  version: string;
  /** Folder under `plugins/`: `name@version`. */
  dir: string;
  sha256: string;
  manifest: Record<string, unknown>;
}

let loading: Promise<StudioPluginEntry[]> | null = null;

/** The workers' built-in plugin packages as copied into this studio build (fetched once). */
export function loadStudioPluginIndex(): Promise<StudioPluginEntry[]> {
  loading ??= fetch(new URL('plugins/index.json', document.baseURI)).then(async (response) => {
    if (!response.ok) throw new Error(`The studio's plugin list is missing (${response.status})`);
    return (await response.json()) as StudioPluginEntry[];
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
