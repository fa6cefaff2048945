import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, multipart, type TestApp } from '../test/test-app.js';

describe('GET /api/plugins/files/{sha256}/{path}', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let sha256: string;
  const code = 'export function animate(el) { return () => { el.style.color = "red"; }; }\n';

  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.newKey()).headers;
    const form = await multipart({
      'manifest.json': [
        JSON.stringify({
          name: 'tint',
          version: '1.0.0',
          pluginApi: '3.0',
          entry: 'index.mjs',
          type: 'dom',
        }),
        'manifest.json',
      ],
      'index.mjs': [code, 'index.mjs'],
      'assets/dot.svg': [Buffer.from('<svg/>'), 'assets/dot.svg'],
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/plugins',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
    expect(created.statusCode, created.body).toBe(201);
    sha256 = created.json<{ sha256: string }>().sha256;
  });
  afterAll(() => t.close());

  it('serves the files of a registered package by content hash, with their types', async () => {
    const module = await t.app.inject({ url: `/api/plugins/files/${sha256}/index.mjs`, headers });
    expect(module.statusCode).toBe(200);
    expect(module.body).toBe(code);
    expect(module.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(module.headers['cache-control']).toContain('immutable');
    const asset = await t.app.inject({
      url: `/api/plugins/files/${sha256}/assets/dot.svg`,
      headers,
    });
    expect(asset.headers['content-type']).toBe('image/svg+xml');
    const manifest = await t.app.inject({
      url: `/api/plugins/files/${sha256}/manifest.json`,
      headers,
    });
    expect(manifest.json()).toMatchObject({ name: 'tint', version: '1.0.0' });
  });

  it('serves nothing it does not list, and serves what it lists without a key (module imports cannot send one)', async () => {
    // (A literal or %2e-encoded ../ is resolved by URL parsing before routing; %2F reaches here.)
    for (const path of ['nope.mjs', 'assets%2F..%2Findex.mjs', '..%2F..%2Fetc%2Fpasswd']) {
      const response = await t.app.inject({ url: `/api/plugins/files/${sha256}/${path}`, headers });
      expect([400, 404], path).toContain(response.statusCode);
    }
    const unknown = await t.app.inject({
      url: `/api/plugins/files/${'0'.repeat(64)}/index.mjs`,
      headers,
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'NOT_FOUND' });
    const badHash = await t.app.inject({ url: '/api/plugins/files/xyz/index.mjs', headers });
    expect(badHash.statusCode).toBe(400);
    const anonymous = await t.app.inject({ url: `/api/plugins/files/${sha256}/index.mjs` });
    expect(anonymous.statusCode).toBe(200);
    // Everything else still needs the key.
    expect((await t.app.inject({ url: '/api/plugins' })).statusCode).toBe(401);
  });
});
