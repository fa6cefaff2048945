import type { Sql } from '../sql.js';
import type { Plugin } from './plugin.js';
import { pluginFromRow, type PluginRow } from './plugin-row.js';

/** The package with this content hash (hex sha256), or null. */
export async function findPluginByHash(sql: Sql, sha256: string): Promise<Plugin | null> {
  const { rows } = await sql.query<PluginRow>(
    'SELECT * FROM plugins WHERE sha256 = $1 ORDER BY seq LIMIT 1',
    [sha256.toLowerCase()],
  );
  return rows[0] === undefined ? null : pluginFromRow(rows[0]);
}
