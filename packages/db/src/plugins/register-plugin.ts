import { randomUUID } from 'node:crypto';
import type { Sql } from '../sql.js';
import type { Plugin } from './plugin.js';
import { pluginFromRow, type PluginRow } from './plugin-row.js';

export interface RegisterPluginInput {
  name: string;
  version: string;
  /** Hex sha256 of the package, lower case. */
  sha256: string;
  storageKey: string;
  sizeBytes: number;
  manifest: Record<string, unknown>;
}

/**
 * Records an uploaded plugin package. Uploading the same package again (same name, version and
 * hash) returns the existing record (`created` false); its object need not be stored twice. A
 * different package under the same name@version is a new record: lookups by name@version return
 * the latest, while scenarios pinned by hash keep getting exactly what they pinned.
 */
export async function registerPlugin(
  sql: Sql,
  input: RegisterPluginInput,
): Promise<{ plugin: Plugin; created: boolean }> {
  const { rows } = await sql.query<PluginRow>(
    `INSERT INTO plugins (id, name, version, sha256, storage_key, size_bytes, manifest)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (name, version, sha256) DO NOTHING
     RETURNING *`,
    [
      randomUUID(),
      input.name,
      input.version,
      input.sha256,
      input.storageKey,
      input.sizeBytes,
      JSON.stringify(input.manifest),
    ],
  );
  if (rows[0] !== undefined) return { plugin: pluginFromRow(rows[0]), created: true };
  const { rows: existing } = await sql.query<PluginRow>(
    'SELECT * FROM plugins WHERE name = $1 AND version = $2 AND sha256 = $3',
    [input.name, input.version, input.sha256],
  );
  return { plugin: pluginFromRow(existing[0]!), created: false };
}
