import { EcgError } from '@ecg-render/errors';
import { z } from 'zod';
import type { PinnedPlugin } from './pinned-plugin.js';

const schema = z.array(
  z.object({
    name: z.string().min(1),
    version: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    builtin: z.boolean(),
  }),
);

/**
 * The plugins a job was pinned to (`options.plugins`, written by the API at creation), or null
 * for a job created before pinning existed (its plugin names are then resolved when it renders).
 * Checked here because it is read back from the database: a malformed list is INVALID_OPTIONS.
 */
export function pinnedPluginsOf(options: Readonly<Record<string, unknown>>): PinnedPlugin[] | null {
  const raw = options['plugins'];
  if (raw === undefined) return null;
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new EcgError('INVALID_OPTIONS', 'options.plugins: not a list of pinned plugin packages', {
      details: { field: 'options.plugins' },
    });
  }
  return result.data;
}
