import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, registerPlugin, type Db } from '@ecg-render/db';
import { builtinPlugins, readPluginPackage } from '@ecg-render/plugins';
import { createLocalStorage, type Storage } from '@ecg-render/storage';
import { fetchPluginPackages } from './fetch-plugin-packages.js';
import { pluginStorageKey } from './plugin-storage-key.js';
import { storePluginPackage } from './store-plugin-package.js';

describe('registry plugins: stored by the API, fetched by workers', () => {
  let db: Db;
  let dir: string;
  let storage: Storage;

  const makePackage = (name: string, version: string, code: string): string => {
    const pkg = join(dir, 'src', `${name}@${version}`);
    mkdirSync(join(pkg, 'assets'), { recursive: true });
    writeFileSync(join(pkg, 'manifest.json'), JSON.stringify({ name, version, pluginApi: '3.0' }));
    writeFileSync(join(pkg, 'index.mjs'), code);
    writeFileSync(join(pkg, 'assets', 'note.txt'), `asset of ${name}`);
    return pkg;
  };

  const upload = async (pkgDir: string) => {
    const pkg = await readPluginPackage(pkgDir);
    const stored = await storePluginPackage({ storage, pkg });
    await registerPlugin(db, {
      name: pkg.name,
      version: pkg.version,
      sha256: pkg.sha256,
      manifest: pkg.manifest,
      ...stored,
    });
    return pkg;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-plugins-'));
    db = await openDatabase({ pglite: 'memory' });
    await migrate(db);
    storage = createLocalStorage({ root: join(dir, 'storage') });
  });
  afterAll(async () => {
    await storage.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agrees on the storage layout', () => {
    expect(
      pluginStorageKey({
        name: 'wave',
        version: '1.0.0',
        sha256: 'AB'.repeat(32),
        path: 'assets/a.png',
      }),
    ).toBe(`plugins/wave@1.0.0/${'ab'.repeat(32)}/assets/a.png`);
    expect(pluginStorageKey({ name: 'wave', version: '1.0.0', sha256: 'ab'.repeat(32) })).toBe(
      `plugins/wave@1.0.0/${'ab'.repeat(32)}.files.json`,
    );
  });

  it('fetches by name@version or by bare name (highest version), verified and cached', async () => {
    const v1 = await upload(makePackage('wave', '1.0.0', 'export const v = 1;'));
    const v2 = await upload(makePackage('wave', '1.2.0', 'export const v = 2;'));
    const cacheDir = join(dir, 'cache');
    const pinned = await fetchPluginPackages({ sql: db, storage, names: ['wave@1.0.0'], cacheDir });
    expect(pinned.map((p) => [p.version, p.sha256, p.dir])).toEqual([
      ['1.0.0', v1.sha256, join(cacheDir, v1.sha256)],
    ]);
    expect(readFileSync(join(pinned[0]!.dir, 'assets', 'note.txt'), 'utf8')).toBe('asset of wave');
    const latest = await fetchPluginPackages({
      sql: db,
      storage,
      names: ['wave', 'wave'],
      cacheDir,
    });
    expect(latest.map((p) => p.sha256)).toEqual([v2.sha256]);
    // Built-in names are left to renderVideo; they are not unknown.
    expect(
      await fetchPluginPackages({ sql: db, storage, names: ['fadeIn', 'karaoke@1.0.0'], cacheDir }),
    ).toEqual([]);
  });

  it('fetches exactly the packages a job was pinned to, whatever was uploaded since', async () => {
    const pinnedWave = await upload(makePackage('pinwave', '1.0.0', 'export const v = 1;'));
    const fadeIn = (await builtinPlugins()).find((p) => p.name === 'fadeIn')!;
    const jobOptions = {
      quality: 'high',
      plugins: [
        { name: 'pinwave', version: '1.0.0', sha256: pinnedWave.sha256, builtin: false },
        { name: 'fadeIn', version: fadeIn.version, sha256: fadeIn.sha256, builtin: true },
      ],
    };
    // After the job was created: a newer version, and a different package under the same name@version.
    await upload(makePackage('pinwave', '2.0.0', 'export const v = 2;'));
    await upload(makePackage('pinwave', '1.0.0', 'export const v = "swapped";'));
    const packages = await fetchPluginPackages({
      sql: db,
      storage,
      names: ['pinwave', 'fadeIn'],
      jobOptions,
      cacheDir: join(dir, 'c-pin'),
    });
    expect(packages.map((p) => [p.name, p.sha256])).toEqual([
      ['pinwave', pinnedWave.sha256],
      ['fadeIn', fadeIn.sha256],
    ]);
    expect(readFileSync(join(packages[0]!.dir, 'index.mjs'), 'utf8')).toBe('export const v = 1;');
  });

  it.each([
    [
      'a registry hash that was never registered',
      { name: 'pinwave', version: '1.0.0', builtin: false },
    ],
    ['a built-in hash another release built', { name: 'fadeIn', version: '1.0.0', builtin: true }],
  ])('refuses a pinned package that is gone: %s', async (_why, pin) => {
    await expect(
      fetchPluginPackages({
        sql: db,
        storage,
        names: [pin.name],
        jobOptions: { plugins: [{ ...pin, sha256: 'e'.repeat(64) }] },
        cacheDir: join(dir, 'c-gone'),
      }),
    ).rejects.toMatchObject({ code: 'PLUGIN_UNAVAILABLE', details: { name: pin.name } });
  });

  it('refuses a pinned registry package whose stored files are gone', async () => {
    const pkg = await upload(makePackage('vanished', '1.0.0', 'export const v = 1;'));
    await storage.delete(pluginStorageKey(pkg));
    await expect(
      fetchPluginPackages({
        sql: db,
        storage,
        names: ['vanished'],
        jobOptions: {
          plugins: [{ name: 'vanished', version: '1.0.0', sha256: pkg.sha256, builtin: false }],
        },
        cacheDir: join(dir, 'c-vanished'),
      }),
    ).rejects.toMatchObject({ code: 'PLUGIN_UNAVAILABLE' });
  });

  it('leaves a bare built-in name to our own set even when the registry has a higher version (unpinned job)', async () => {
    await upload(makePackage('karaoke', '99.0.0', 'export const hijacked = true;'));
    expect(
      await fetchPluginPackages({
        sql: db,
        storage,
        names: ['karaoke'],
        cacheDir: join(dir, 'c4'),
      }),
    ).toEqual([]);
    const [named] = await fetchPluginPackages({
      sql: db,
      storage,
      names: ['karaoke@99.0.0'],
      cacheDir: join(dir, 'c4'),
    });
    expect(named?.version).toBe('99.0.0');
  });

  it('refuses unknown names', async () => {
    await expect(
      fetchPluginPackages({
        sql: db,
        storage,
        names: ['nope', 'wave@9.9.9'],
        cacheDir: join(dir, 'c2'),
      }),
    ).rejects.toMatchObject({
      code: 'UNKNOWN_PLUGIN',
      details: { missing: ['nope', 'wave@9.9.9'] },
    });
  });

  it('never uses a package whose bytes do not match its pinned hash', async () => {
    const pkg = await upload(makePackage('tampered', '1.0.0', 'export const ok = true;'));
    // Someone with bucket access swaps the code after registration.
    const { Readable } = await import('node:stream');
    await storage.putStream({
      key: pluginStorageKey({ ...pkg, path: 'index.mjs' }),
      stream: Readable.from([Buffer.from('export const evil = true;')]),
    });
    const cacheDir = join(dir, 'c3');
    await expect(
      fetchPluginPackages({ sql: db, storage, names: ['tampered@1.0.0'], cacheDir }),
    ).rejects.toMatchObject({ code: 'INVALID_PLUGIN' });

    // A good copy in the cache that is later modified on disk is not used either.
    const good = await upload(makePackage('cached', '1.0.0', 'export const c = 1;'));
    const [fetched] = await fetchPluginPackages({ sql: db, storage, names: ['cached'], cacheDir });
    writeFileSync(join(fetched!.dir, 'index.mjs'), 'export const c = 666;');
    const [again] = await fetchPluginPackages({ sql: db, storage, names: ['cached'], cacheDir });
    expect(again!.sha256).toBe(good.sha256);
    expect(readFileSync(join(again!.dir, 'index.mjs'), 'utf8')).toBe('export const c = 1;');
  });
});
