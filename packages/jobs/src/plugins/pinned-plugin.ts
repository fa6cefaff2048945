/**
 * One plugin package a job renders with, chosen by the API when the job is created and stored
 * with it (`jobs.options.plugins`), so the workers render with exactly these bytes whatever is
 * uploaded to the registry later. `builtin`: from our own set (packages/plugins builtinPlugins),
 * checked against this hash on the worker; otherwise the registry package with this hash.
 */
export interface PinnedPlugin {
  name: string;
  version: string;
  /** Hex sha256 of the package's content (readPluginPackage). */
  sha256: string;
  builtin: boolean;
}
