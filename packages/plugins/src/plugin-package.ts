/** A plugin package on disk (manifest.json + entry module + assets), pinned by content hash. */
export interface PluginPackage {
  name: string;
  version: string;
  /** Absolute folder path. */
  dir: string;
  manifest: Record<string, unknown> & { name: string; version: string; entry: string };
  /** sha256 (hex) over every file's relative path and bytes, in path order. */
  sha256: string;
  /** Relative paths of the package's files. */
  files: string[];
}
