import { parseArgs } from 'node:util';
import { loadConfigFromProcess, type Config } from '@ecg-render/config';
import {
  createApiKey,
  listApiKeys,
  migrate,
  openDatabase,
  revokeApiKey,
  type Db,
} from '@ecg-render/db';
import { EXIT, reportCommandError, UsageError } from '../errors.js';
import { holdDataDirLock } from './serve.js';

export const KEYS_HELP = `Usage: ecg-render keys <create|list|revoke> [options]

Manages API keys in the deployment's database (DATABASE_URL, or the standalone PGlite under
DATA_DIR — stop \`ecg-render serve\` first: one process at a time may open it).

  keys create --name NAME [--max-concurrent N] [--max-minutes-per-day N] [--json]
                 prints the new key once; only its hash is stored
  keys list [--json]
  keys revoke ID

Exit status: 0 success, 1 failure (e.g. unknown key id), 2 bad usage.`;

export interface KeysCommandOptions {
  /** Instead of the environment (tests). */
  config?: Config;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** `ecg-render keys create | list | revoke`. */
export async function keysCommand(
  argv: string[],
  options: KeysCommandOptions = {},
): Promise<number> {
  const out = options.stdout ?? ((text: string) => process.stdout.write(text));
  const err = options.stderr ?? ((text: string) => process.stderr.write(text));
  let db: Db | null = null;
  let release: (() => Promise<void>) | null = null;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        'max-concurrent': { type: 'string' },
        'max-minutes-per-day': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    const [action, ...rest] = positionals;
    if (values.help === true) {
      out(`${KEYS_HELP}\n`);
      return EXIT.ok;
    }
    if (action !== 'create' && action !== 'list' && action !== 'revoke') {
      throw new UsageError(
        action === undefined ? 'say create, list or revoke' : `unknown action "${action}"`,
      );
    }
    if (action === 'create' && (values.name === undefined || values.name.trim() === '')) {
      throw new UsageError('keys create needs --name NAME');
    }
    if (action === 'revoke' && rest.length !== 1)
      throw new UsageError('keys revoke needs exactly one key id');
    const maxConcurrentJobs = wholeNumber('--max-concurrent', values['max-concurrent']);
    const maxMinutesPerDay = wholeNumber('--max-minutes-per-day', values['max-minutes-per-day']);

    const config = options.config ?? loadConfigFromProcess();
    if (config.database.kind === 'pglite') {
      release = await holdDataDirLock({ dataDir: config.dataDir, purpose: 'ecg-render keys' });
      db = await openDatabase({ pglite: { dataDir: config.database.dataDir } });
    } else {
      db = await openDatabase({ url: config.database.url, applicationName: 'ecg-render keys' });
    }
    await migrate(db);

    switch (action) {
      case 'create': {
        const { id, key, apiKey } = await createApiKey(db, {
          name: values.name!.trim(),
          quotas: {
            ...(maxConcurrentJobs !== undefined && { maxConcurrentJobs }),
            ...(maxMinutesPerDay !== undefined && { maxMinutesPerDay }),
          },
        });
        if (values.json === true) {
          out(`${JSON.stringify({ id, key, name: apiKey.name, quotas: apiKey.quotas })}\n`);
        } else {
          out(
            `Created API key "${apiKey.name}" (id ${id}).\n\n  ${key}\n\n` +
              'This is the only time the key is shown: store it now. Send it as\n' +
              '"Authorization: Bearer <key>" or "X-API-Key: <key>".\n',
          );
        }
        return EXIT.ok;
      }
      case 'list': {
        const keys = await listApiKeys(db);
        if (values.json === true) {
          out(`${JSON.stringify(keys)}\n`);
        } else if (keys.length === 0) {
          out('No API keys. Create one with: ecg-render keys create --name NAME\n');
        } else {
          for (const k of keys) {
            const limits = [
              k.quotas.maxConcurrentJobs === null
                ? null
                : `max ${k.quotas.maxConcurrentJobs} concurrent`,
              k.quotas.maxMinutesPerDay === null
                ? null
                : `max ${k.quotas.maxMinutesPerDay} min/day`,
            ].filter((s) => s !== null);
            out(
              `${k.id}  ${k.prefix}…  ${k.name}  created ${k.createdAt.toISOString()}` +
                `${limits.length > 0 ? `  (${limits.join(', ')})` : ''}` +
                `${k.revokedAt ? `  REVOKED ${k.revokedAt.toISOString()}` : ''}\n`,
            );
          }
        }
        return EXIT.ok;
      }
      case 'revoke': {
        const id = rest[0]!;
        const revoked = /^[0-9a-f-]{36}$/i.test(id) && (await revokeApiKey(db, id));
        if (!revoked) {
          err(`error: no active API key with id ${id}\n`);
          return EXIT.failed;
        }
        out(`Revoked API key ${id}.\n`);
        return EXIT.ok;
      }
    }
    return EXIT.failed; // not reached: the switch covers every action
  } catch (error) {
    return reportCommandError(error, KEYS_HELP, err);
  } finally {
    await db?.close();
    await release?.();
  }
}
