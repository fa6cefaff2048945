import type { Plugin } from './plugin.js';

export interface PluginRow {
  id: string;
  name: string;
  version: string;
  sha256: string;
  storage_key: string;
  size_bytes: string | number;
  manifest: Record<string, unknown>;
  created_at: Date;
}

export function pluginFromRow(row: PluginRow): Plugin {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    sha256: row.sha256,
    storageKey: row.storage_key,
    sizeBytes: Number(row.size_bytes),
    manifest: row.manifest,
    createdAt: row.created_at,
  };
}
