import type { Sql } from '../sql.js';
import type { Plugin } from './plugin.js';
import { pluginFromRow, type PluginRow } from './plugin-row.js';

/** The latest upload of name@version, or null. */
export async function findPlugin(
  sql: Sql,
  input: { name: string; version: string },
): Promise<Plugin | null> {
  const { rows } = await sql.query<PluginRow>(
    'SELECT * FROM plugins WHERE name = $1 AND version = $2 ORDER BY seq DESC LIMIT 1',
    [input.name, input.version],
  );
  return rows[0] === undefined ? null : pluginFromRow(rows[0]);
}
