import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '@ecg-render/config';
import { openDatabase, verifyApiKey } from '@ecg-render/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysCommand } from './keys.js';
import { holdDataDirLock } from './serve.js';

describe('ecg-render keys', () => {
  let dir: string;
  let config: Config;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecg-keys-'));
    config = loadConfig({ DATA_DIR: dir });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await keysCommand(argv, {
      config,
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
    });
    return { code, out, err };
  }

  it('creates a key, prints it once, lists it (never the key) and revokes it', async () => {
    const created = await run([
      'create',
      '--name',
      'ecg backend',
      '--max-concurrent',
      '2',
      '--max-minutes-per-day',
      '600',
      '--json',
    ]);
    expect(created.code).toBe(0);
    const { id, key, quotas } = JSON.parse(created.out) as {
      id: string;
      key: string;
      quotas: unknown;
    };
    expect(key).toMatch(/^ecgr_[A-Za-z0-9_-]{43}$/);
    expect(quotas).toEqual({ maxConcurrentJobs: 2, maxMinutesPerDay: 600 });

    const db = await openDatabase({ pglite: { dataDir: join(dir, 'db') } });
    try {
      expect((await verifyApiKey(db, key))?.id).toBe(id);
    } finally {
      await db.close();
    }

    const listed = await run(['list']);
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('ecg backend');
    expect(listed.out).toContain('max 2 concurrent, max 600 min/day');
    expect(listed.out).not.toContain(key);

    expect((await run(['revoke', id])).code).toBe(0);
    expect((await run(['list'])).out).toContain('REVOKED');
    const again = await run(['revoke', id]);
    expect(again.code).toBe(1);
    expect(again.err).toContain('no active API key');
  });

  it('prints the key in words without --json', async () => {
    const { code, out } = await run(['create', '--name', 'studio']);
    expect(code).toBe(0);
    expect(out).toMatch(/\n {2}ecgr_\S+\n/);
    expect(out).toContain('only time the key is shown');
  });

  it.each([
    [[]],
    [['create']],
    [['create', '--name', 'x', '--max-concurrent', 'many']],
    [['revoke']],
    [['rotate']],
    [['list', '--bogus']],
  ])('refuses bad usage %j with exit status 2', async (argv) => {
    expect((await run(argv)).code).toBe(2);
  });

  it('refuses to open the standalone database while a server holds it', async () => {
    const release = await holdDataDirLock({ dataDir: dir, purpose: 'ecg-render serve' });
    try {
      const { code, err } = await run(['list']);
      expect(code).toBe(1);
      expect(err).toContain('DATA_DIR_IN_USE');
    } finally {
      await release();
    }
    expect((await run(['list'])).code).toBe(0);
  });
});
