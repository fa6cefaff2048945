import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../test/make-zip.js';
import { createTestApp, multipart, testScenario, type TestApp } from '../test/test-app.js';

const manifest = (name = 'wobble', version = '1.2.0') =>
  JSON.stringify({ name, version, pluginApi: '3.0', entry: 'index.mjs', type: 'dom' });
const CODE = 'export function animate() { return () => {}; }\n';

async function tarGz(
  entries: { name: string; data: string; type?: 'file' | 'symlink' }[],
): Promise<Buffer> {
  const tar = pack();
  for (const entry of entries) {
    if (entry.type === 'symlink')
      tar.entry({ name: entry.name, type: 'symlink', linkname: '/etc/passwd' });
    else tar.entry({ name: entry.name }, entry.data);
  }
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(tar)) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('plugin registry', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.newKey()).headers;
  });
  afterAll(() => t.close());

  const upload = (payload: Buffer, type: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/plugins',
      headers: { ...headers, 'content-type': type },
      payload,
    });

  it('registers a zip package, pinned by content hash, and stores it once', async () => {
    const zip = makeZip([
      { name: 'manifest.json', data: manifest() },
      { name: 'index.mjs', data: CODE },
      { name: 'assets/', data: '', mode: 0o040755 },
      { name: 'assets/star.svg', data: '<svg/>' },
    ]);
    const first = await upload(zip, 'application/zip');
    expect(first.statusCode, first.body).toBe(201);
    const body = first.json();
    expect(body).toMatchObject({
      name: 'wobble',
      version: '1.2.0',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      builtin: false,
    });
    expect(await t.storedKeys()).toEqual([
      `plugins/wobble@1.2.0/${body.sha256}.files.json`,
      `plugins/wobble@1.2.0/${body.sha256}/assets/star.svg`,
      `plugins/wobble@1.2.0/${body.sha256}/index.mjs`,
      `plugins/wobble@1.2.0/${body.sha256}/manifest.json`,
    ]);

    // The same content again, wrapped in a folder and as a .tar.gz: the same record.
    const again = await upload(
      await tarGz([
        { name: 'wobble/manifest.json', data: manifest() },
        { name: 'wobble/index.mjs', data: CODE },
        { name: 'wobble/assets/star.svg', data: '<svg/>' },
      ]),
      'application/gzip',
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().sha256).toBe(body.sha256);
    expect(await t.storedKeys()).toHaveLength(4);

    const list = (await t.app.inject({ url: '/api/plugins', headers })).json<{
      plugins: { name: string; builtin: boolean }[];
    }>();
    expect(list.plugins.filter((p) => !p.builtin).map((p) => p.name)).toEqual(['wobble']);
    expect(list.plugins.some((p) => p.builtin && p.name === 'fadeIn')).toBe(true);
  });

  it('registers a package sent as multipart files named by path; scenarios can then use it', async () => {
    const form = await multipart({
      'manifest.json': [manifest('sparkle', '0.1.0'), 'manifest.json'],
      'index.mjs': [CODE, 'index.mjs'],
      'assets/dot.svg': [Buffer.from('<svg/>'), 'assets/dot.svg'],
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/plugins',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode, response.body).toBe(201);
    const { sha256 } = response.json();

    const scenario = testScenario();
    ((scenario['cues'] as any[])[0].root.children[0] as Record<string, unknown>)['pluginChain'] = [
      { name: 'sparkle', params: {} },
      { name: 'fadeIn' },
    ];
    const job = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers,
      payload: { scenario, videoUrl: 'https://media.example.com/a.mp4' },
    });
    expect(job.statusCode, job.body).toBe(202);
    // Stored as packages/jobs lays it out: one object per file and an index, which workers fetch.
    const keys = await t.storedKeys();
    expect(keys).toContain(`plugins/sparkle@0.1.0/${sha256}/assets/dot.svg`);
    expect(keys).toContain(`plugins/sparkle@0.1.0/${sha256}.files.json`);
  });

  it('pins the packages a job renders with; a bare built-in name never resolves to an upload', async () => {
    // Any key may upload a higher version of a built-in, or one under the built-in's own version.
    const uploadAs = async (version: string) => {
      const form = await multipart({
        'manifest.json': [manifest('karaoke', version), 'manifest.json'],
        'index.mjs': [`export const hijacked = ${JSON.stringify(version)};\n${CODE}`, 'index.mjs'],
      });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/plugins',
        headers: { ...headers, ...form.headers },
        payload: form.payload,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<{ sha256: string }>().sha256;
    };
    const upload99 = await uploadAs('99.0.0');
    await uploadAs('1.0.0');
    const list = (await t.app.inject({ url: '/api/plugins', headers })).json<{
      plugins: { name: string; version: string; sha256: string; builtin: boolean }[];
    }>();
    const ours = list.plugins.find((p) => p.builtin && p.name === 'karaoke')!;

    const pinsOf = async (names: string[]) => {
      const scenario = testScenario();
      ((scenario['cues'] as any[])[0].root.children[0] as Record<string, unknown>)['pluginChain'] =
        names.map((name) => ({ name }));
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/render',
        headers,
        payload: { scenario, videoUrl: 'https://media.example.com/a.mp4' },
      });
      expect(created.statusCode, created.body).toBe(202);
      const job = await t.app.inject({
        url: `/api/render/${created.json<{ jobId: string }>().jobId}`,
        headers,
      });
      return job.json<{ options: { plugins?: unknown } }>().options.plugins;
    };
    const builtinKaraoke = {
      name: 'karaoke',
      version: '1.0.0',
      sha256: ours.sha256,
      builtin: true,
    };
    expect(await pinsOf(['karaoke'])).toEqual([builtinKaraoke]);
    expect(await pinsOf(['karaoke@1.0.0'])).toEqual([builtinKaraoke]);
    expect(await pinsOf(['karaoke@99.0.0'])).toEqual([
      { name: 'karaoke', version: '99.0.0', sha256: upload99, builtin: false },
    ]);
    // A client cannot choose pins itself.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers,
      payload: {
        scenario: testScenario(),
        videoUrl: 'https://media.example.com/a.mp4',
        options: {
          plugins: [{ name: 'karaoke', version: '99.0.0', sha256: upload99, builtin: false }],
        },
      },
    });
    expect(forged.json()).toMatchObject({ code: 'INVALID_OPTIONS' });
  });

  it.each([
    ['a path that climbs out', [{ name: '../evil.mjs', data: CODE }]],
    ['an absolute path', [{ name: '/tmp/evil.mjs', data: CODE }]],
    ['a backslash path', [{ name: '..\\evil.mjs', data: CODE }]],
    ['a symbolic link', [{ name: 'link.mjs', data: '/etc/passwd', mode: 0o120777 }]],
  ])('refuses a zip with %s (INVALID_PLUGIN), writing nothing', async (_label, extra) => {
    const zip = makeZip([
      { name: 'manifest.json', data: manifest() },
      { name: 'index.mjs', data: CODE },
      ...extra,
    ]);
    const response = await upload(zip, 'application/zip');
    expect({ status: response.statusCode, code: response.json().code }).toEqual({
      status: 400,
      code: 'INVALID_PLUGIN',
    });
    expect(
      (await t.storedKeys()).filter((k) => k.startsWith('plugins/wobble@') && !k.includes('1.2.0')),
    ).toEqual([]);
  });

  it('refuses traversal and links in tar archives and in multipart names', async () => {
    for (const archive of [
      await tarGz([
        { name: 'manifest.json', data: manifest() },
        { name: '../../evil.mjs', data: CODE },
      ]),
      await tarGz([
        { name: 'manifest.json', data: manifest() },
        { name: 'index.mjs', data: '', type: 'symlink' },
      ]),
    ]) {
      const response = await upload(archive, 'application/gzip');
      expect({ status: response.statusCode, code: response.json().code }).toEqual({
        status: 400,
        code: 'INVALID_PLUGIN',
      });
    }
    const form = await multipart({
      'manifest.json': [manifest(), 'manifest.json'],
      x: [CODE, '../index.mjs'],
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/plugins',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
    expect(response.json().code).toBe('INVALID_PLUGIN');
  });

  it('refuses packages over the file-count cap, without a manifest, or not archives at all', async () => {
    const many = Array.from({ length: 205 }, (_, i) => ({ name: `assets/${i}.txt`, data: 'x' }));
    const tooMany = await upload(
      makeZip([
        { name: 'manifest.json', data: manifest() },
        { name: 'index.mjs', data: CODE },
        ...many,
      ]),
      'application/zip',
    );
    expect(tooMany.json()).toMatchObject({ code: 'INVALID_PLUGIN', details: { limit: 'files' } });
    const noManifest = await upload(
      makeZip([{ name: 'index.mjs', data: CODE }]),
      'application/zip',
    );
    expect(noManifest.json().code).toBe('INVALID_PLUGIN');
    const badManifest = await upload(
      makeZip([
        { name: 'manifest.json', data: '{"name": "x"}' },
        { name: 'index.mjs', data: CODE },
      ]),
      'application/zip',
    );
    expect(badManifest.json().code).toBe('INVALID_PLUGIN');
    const garbage = await upload(
      Buffer.from('hello world, not an archive'),
      'application/octet-stream',
    );
    expect(garbage.json().code).toBe('INVALID_PLUGIN');
    // No body, or a body that is not an archive type (JSON): the client sent the wrong thing.
    for (const extra of [{}, { payload: { name: 'wobble' } }]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/plugins',
        headers,
        ...extra,
      });
      expect({ status: response.statusCode, code: response.json().code }).toEqual({
        status: 415,
        code: 'UNSUPPORTED_CONTENT_TYPE',
      });
    }
  });

  it('needs a key', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/plugins' });
    expect(response.statusCode).toBe(401);
  });
});
