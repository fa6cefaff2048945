import type { Sql } from '../sql.js';
import type { Plugin } from './plugin.js';
import { pluginFromRow, type PluginRow } from './plugin-row.js';

/** Every registered package (or every one of `name`), by name, then newest first. */
export async function listPlugins(sql: Sql, input: { name?: string } = {}): Promise<Plugin[]> {
  const { rows } = await sql.query<PluginRow>(
    `SELECT * FROM plugins WHERE ($1::text IS NULL OR name = $1) ORDER BY name, seq DESC`,
    [input.name ?? null],
  );
  return rows.map(pluginFromRow);
}
