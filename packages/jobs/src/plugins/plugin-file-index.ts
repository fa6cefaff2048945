/** The index object of a stored plugin package (see pluginStorageKey). */
export interface PluginFileIndex {
  name: string;
  version: string;
  sha256: string;
  files: { path: string; size: number }[];
}
