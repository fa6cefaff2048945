import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  makeVideo,
  multipart,
  testScenario,
  type TestApp,
} from '../test/test-app.js';

const VIDEO_URL = 'https://media.example.com/clip.mp4';

describe('POST /api/render', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let video: Buffer;
  beforeAll(async () => {
    t = await createTestApp();
    headers = (await t.newKey()).headers;
    video = await makeVideo(join(t.dataDir, 'clip.mp4'));
  });
  afterAll(() => t.close());

  /** A refused request: its code and status, and nothing created (no job, no object, no temp file). */
  async function refused(request: InjectOptions, code: string, status: number) {
    const jobsBefore = await t.jobCount();
    const objectsBefore = await t.storedKeys();
    const response = await t.app.inject(request);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect({ status: response.statusCode, code: problem.code }).toEqual({ status, code });
    expect(problem).toMatchObject({ type: `urn:ecg-render:error:${code}`, status });
    expect(await t.jobCount()).toBe(jobsBefore);
    expect(await t.storedKeys()).toEqual(objectsBefore);
    expect(await readdir(join(t.dataDir, 'tmp', 'uploads')).catch(() => [])).toEqual([]);
    return problem as { detail: string; details: Record<string, unknown> };
  }

  it('creates a job from a scenario and a video URL: 202, queued, enqueued', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers,
      payload: {
        scenario: testScenario(),
        videoUrl: VIDEO_URL,
        options: { width: 1280, height: 720, fps: 29.97, quality: 'high' },
      },
    });
    expect(response.statusCode).toBe(202);
    const body = response.json();
    expect(body).toMatchObject({ jobId: expect.any(String), status: 'queued' });
    expect(t.dispatcher.rendered).toContain(body.jobId);
    const status = await t.app.inject({ url: `/api/render/${body.jobId}`, headers });
    expect(status.json()).toMatchObject({
      jobId: body.jobId,
      status: 'queued',
      progress: 0,
      error: null,
      output: null,
      source: { kind: 'url', url: VIDEO_URL },
      options: { width: 1280, height: 720, fps: 29.97, quality: 'high' },
    });
  });

  it('creates a job from an uploaded video (streamed to storage) and a scenario', async () => {
    const form = await multipart({
      video: [video, 'clip.mp4'],
      scenario: JSON.stringify(testScenario()),
      options: JSON.stringify({ format: 'mkv' }),
    });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
    expect(response.statusCode, response.body).toBe(202);
    const { jobId } = response.json();
    expect(await t.storedKeys()).toContain(`uploads/${jobId}/source.mp4`);
    const stored = await t.storage.stat(`uploads/${jobId}/source.mp4`);
    expect(stored?.size).toBe(video.length);
    expect(await readdir(join(t.dataDir, 'tmp', 'uploads'))).toEqual([]);
  });

  it('builds the scenario from subtitles and a preset', async () => {
    const srt = '1\n00:00:00,100 --> 00:00:00,900\nHello there\n';
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers,
      payload: {
        subtitles: srt,
        subtitlesFilename: 'talk.srt',
        preset: 'boxed',
        videoUrl: VIDEO_URL,
      },
    });
    expect(json.statusCode, json.body).toBe(202);
    const form = await multipart({
      video: [video, 'clip.mp4'],
      subtitles: [srt, 'talk.srt'],
      preset: 'clean',
    });
    const upload = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
    expect(upload.statusCode, upload.body).toBe(202);
  });

  it('needs an API key', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      payload: { scenario: testScenario(), videoUrl: VIDEO_URL },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.json().code).toBe('UNAUTHORIZED');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/render',
      headers: { 'x-api-key': 'ecgr_nope' },
    });
    expect(wrong.json().code).toBe('UNAUTHORIZED');
  });

  const post = (payload: object): InjectOptions => ({
    method: 'POST',
    url: '/api/render',
    headers: { ...headers },
    payload,
  });

  it('refuses an invalid scenario with its JSON path', async () => {
    const scenario = testScenario();
    (scenario['cues'] as Record<string, unknown>[])[0]!['track'] = 'missing';
    const problem = await refused(post({ scenario, videoUrl: VIDEO_URL }), 'INVALID_SCENARIO', 400);
    expect(problem.details['path']).toBe('$.cues[0].track');
  });

  it('refuses scenario v1.3, subtitles that do not parse, and both or neither', async () => {
    await refused(
      post({ scenario: { ...testScenario(), version: '1.3' }, videoUrl: VIDEO_URL }),
      'UNSUPPORTED_SCENARIO_VERSION',
      400,
    );
    await refused(
      post({ subtitles: '{"words": 12}', subtitlesFilename: 'x.json', videoUrl: VIDEO_URL }),
      'INVALID_SUBTITLES',
      400,
    );
    await refused(post({ videoUrl: VIDEO_URL }), 'INVALID_REQUEST', 400);
    await refused(
      post({ scenario: testScenario(), subtitles: 'x', videoUrl: VIDEO_URL }),
      'INVALID_REQUEST',
      400,
    );
  });

  it('refuses plugins the registry does not know', async () => {
    const scenario = testScenario();
    const text = ((scenario['cues'] as any[])[0].root.children as any[])[0];
    text.pluginChain = [{ name: 'noSuchPlugin', params: {} }];
    const problem = await refused(post({ scenario, videoUrl: VIDEO_URL }), 'UNKNOWN_PLUGIN', 400);
    expect(problem.details['missing']).toEqual(['noSuchPlugin']);
  });

  it('takes fonts embedded in the scenario; refuses remote ones and files it cannot have', async () => {
    const withFont = (src: string) => ({
      ...testScenario(),
      define: { brand: { type: 'font', family: 'Brand', src } },
    });
    const embedded = await t.app.inject(
      post({ scenario: withFont('data:font/woff2;base64,d09GMgABAAAAAA=='), videoUrl: VIDEO_URL }),
    );
    expect(embedded.statusCode).toBe(202);
    for (const [src, code] of [
      ['https://fonts.example.com/brand.woff2', 'ASSET_NOT_ALLOWED'],
      ['data:text/html;base64,PGgxPg==', 'ASSET_NOT_ALLOWED'],
      ['assets/brand.woff2', 'ASSET_NOT_FOUND'],
    ] as const) {
      const problem = await refused(
        post({ scenario: withFont(src), videoUrl: VIDEO_URL }),
        code,
        400,
      );
      expect(problem.details['path']).toBe('$.define.brand');
    }
  });

  it('takes in a JSON body every option the worker renders with (as multipart does)', async () => {
    const response = await t.app.inject(
      post({
        scenario: testScenario(),
        videoUrl: VIDEO_URL,
        options: {
          quality: 'High',
          format: 'MP4',
          preset: 'fast',
          seed: 'take-2',
          fps: '30000/1001',
        },
      }),
    );
    expect(response.statusCode, response.body).toBe(202);
    const status = await t.app.inject({
      url: `/api/render/${response.json<{ jobId: string }>().jobId}`,
      headers,
    });
    expect(status.json().options).toEqual({
      quality: 'high',
      format: 'mp4',
      preset: 'fast',
      seed: 'take-2',
      fps: 30000 / 1001,
    });
  });

  it.each([
    [{ start: 2 }, 'options.start'],
    [{ audio: 'none' }, 'options.audio'],
    [{ quality: 'max' }, 'options.quality'],
    [{ fps: '30/1.001' }, 'options.fps'],
    [{ quality: 101 }, 'options.quality'],
    [{ width: 1281, height: 720 }, 'options.width'],
    [{ width: 1280 }, 'options.width'],
    [{ width: 8192, height: 720 }, 'options.width'],
    [{ fps: 500 }, 'options.fps'],
    [{ encoder: 'vp9' }, 'options.encoder'],
    [{ format: 'webm' }, 'options.format'],
    [{ quality: 'extreme' }, 'options.quality'],
    [{ crf: 60 }, 'options.crf'],
    [{ fps: 200 }, 'options.fps'],
    [{ colour: 'red' }, 'options.colour'],
  ])('refuses options %j (INVALID_OPTIONS at %s)', async (options, field) => {
    const problem = await refused(
      post({ scenario: testScenario(), videoUrl: VIDEO_URL, options }),
      'INVALID_OPTIONS',
      400,
    );
    expect(problem.details['field']).toBe(field);
  });

  it.each([
    'http://127.0.0.1/video.mp4',
    'http://localhost/video.mp4',
    'http://[::1]/video.mp4',
    'http://[::ffff:10.0.0.1]/video.mp4',
    'http://169.254.169.254/latest/meta-data',
    'http://internal.example.com/video.mp4',
    'http://metadata.example.com/video.mp4',
    'http://unresolvable.example.com/video.mp4',
    'ftp://media.example.com/video.mp4',
    'file:///etc/passwd',
  ])('refuses the video URL %s (URL_NOT_ALLOWED)', async (videoUrl) => {
    const problem = await refused(
      post({ scenario: testScenario(), videoUrl }),
      'URL_NOT_ALLOWED',
      400,
    );
    expect(problem.details['field']).toBe('videoUrl');
  });

  it('lets URLs reach exactly the TRUSTED_ADDRESSES among private ones', async () => {
    const trusting = await createTestApp({ env: { TRUSTED_ADDRESSES: '10.1.2.3' } });
    try {
      const key = (await trusting.newKey()).headers;
      const send = (videoUrl: string) =>
        trusting.app.inject({
          method: 'POST',
          url: '/api/render',
          headers: key,
          payload: { scenario: testScenario(), videoUrl },
        });
      expect((await send('http://internal.example.com/v.mp4')).statusCode).toBe(202);
      expect((await send('http://10.1.2.3/v.mp4')).statusCode).toBe(202);
      expect((await send('http://10.1.2.4/v.mp4')).json().code).toBe('URL_NOT_ALLOWED');
    } finally {
      await trusting.close();
    }
  });

  it('refuses a private webhook URL', async () => {
    const problem = await refused(
      post({ scenario: testScenario(), videoUrl: VIDEO_URL, webhookUrl: 'http://10.0.0.5/hook' }),
      'URL_NOT_ALLOWED',
      400,
    );
    expect(problem.details['field']).toBe('webhookUrl');
  });

  it('refuses a body that breaks the schema, naming the field', async () => {
    const problem = await refused(post({ scenario: testScenario() }), 'INVALID_REQUEST', 400);
    expect(problem.details['field']).toBe('videoUrl');
    const extra = await refused(
      post({ scenario: testScenario(), videoUrl: VIDEO_URL, colour: 1 }),
      'INVALID_REQUEST',
      400,
    );
    expect(extra.details['field']).toBe('colour');
    await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...headers, 'content-type': 'application/json' },
        payload: '{"scenario": ',
      },
      'INVALID_REQUEST',
      400,
    );
    await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...headers, 'content-type': 'text/plain' },
        payload: 'hello',
      },
      'UNSUPPORTED_CONTENT_TYPE',
      415,
    );
  });

  it('refuses an upload that is not a video, and one with no video stream', async () => {
    const form = await multipart({
      video: [Buffer.from('not a video at all'), 'clip.mp4'],
      scenario: JSON.stringify(testScenario()),
    });
    await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...headers, ...form.headers },
        payload: form.payload,
      },
      'UNSUPPORTED_MEDIA',
      415,
    );
  });

  it('refuses a multipart request without a video or with an unknown field', async () => {
    const none = await multipart({ scenario: JSON.stringify(testScenario()) });
    await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...headers, ...none.headers },
        payload: none.payload,
      },
      'INVALID_REQUEST',
      400,
    );
    const unknown = await multipart({
      video: [video, 'clip.mp4'],
      scenario: JSON.stringify(testScenario()),
      colour: 'red',
    });
    await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...headers, ...unknown.headers },
        payload: unknown.payload,
      },
      'INVALID_REQUEST',
      400,
    );
  });

  it('refuses an upload with an invalid scenario without storing the video', async () => {
    const form = await multipart({
      video: [video, 'clip.mp4'],
      scenario: JSON.stringify({ version: '2.0' }),
    });
    await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...headers, ...form.headers },
        payload: form.payload,
      },
      'INVALID_SCENARIO',
      400,
    );
    // A scenario that is not JSON: where it breaks, as an editor counts lines and columns.
    const broken = await multipart({
      video: [video, 'clip.mp4'],
      scenario: '{\n  "version": "2.0",\n  "cues": [}\n',
    });
    const problem = await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...headers, ...broken.headers },
        payload: broken.payload,
      },
      'INVALID_REQUEST',
      400,
    );
    expect(problem.details).toMatchObject({ field: 'scenario', line: 3, column: 12 });
    expect(problem.detail).toContain('line 3, column 12');
  });

  describe('idempotency', () => {
    it('returns the same job for the same key and request, 409 for a different request', async () => {
      const request = (scenario: unknown) => ({
        method: 'POST' as const,
        url: '/api/render',
        headers: { ...headers, 'idempotency-key': 'order-42' },
        payload: { scenario, videoUrl: VIDEO_URL },
      });
      const first = await t.app.inject(request(testScenario()));
      expect(first.statusCode).toBe(202);
      const again = await t.app.inject(request(testScenario()));
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json().jobId).toBe(first.json().jobId);
      const other = testScenario({ meta: { title: 'other' } });
      const problem = await refused(request(other), 'CONFLICT', 409);
      expect(problem.details['field']).toBe('idempotencyKey');
    });

    it('replays an upload without keeping a second copy of the video', async () => {
      const form = await multipart({
        video: [video, 'clip.mp4'],
        scenario: JSON.stringify(testScenario()),
      });
      const send = () =>
        t.app.inject({
          method: 'POST',
          url: '/api/render',
          headers: { ...headers, ...form.headers, 'idempotency-key': 'upload-1' },
          payload: form.payload,
        });
      const first = await send();
      expect(first.statusCode).toBe(202);
      const objects = await t.storedKeys();
      const second = await send();
      expect(second.statusCode).toBe(200);
      expect(second.json().jobId).toBe(first.json().jobId);
      expect(await t.storedKeys()).toEqual(objects);
    });
  });

  it('checks the quota inside the create transaction; a refused upload leaves nothing', async () => {
    const limited = (await t.newKey({ maxConcurrentJobs: 1 })).headers;
    const form = await multipart({
      video: [video, 'clip.mp4'],
      scenario: JSON.stringify(testScenario()),
    });
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers: { ...limited, ...form.headers },
      payload: form.payload,
    });
    expect(first.statusCode).toBe(202);
    const problem = await refused(
      {
        method: 'POST',
        url: '/api/render',
        headers: { ...limited, ...form.headers },
        payload: form.payload,
      },
      'QUOTA_EXCEEDED',
      429,
    );
    expect(problem.details['quota']).toBe('concurrentJobs');
  });
});

describe('POST /api/render limits', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let video: Buffer;
  beforeAll(async () => {
    t = await createTestApp({
      env: {
        MAX_UPLOAD_BYTES: '16384',
        MAX_SCENARIO_BYTES: '4096',
        MAX_JSON_DEPTH: '12',
        MAX_VIDEO_WIDTH: '100',
        MAX_VIDEO_HEIGHT: '100',
      },
    });
    headers = (await t.newKey()).headers;
    video = await makeVideo(join(t.dataDir, 'clip.mp4'));
  });
  afterAll(() => t.close());

  async function refusedUpload(
    fields: Parameters<typeof multipart>[0],
    code: string,
    status: number,
  ) {
    const form = await multipart(fields);
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers: { ...headers, ...form.headers },
      payload: form.payload,
    });
    expect({ status: response.statusCode, code: response.json().code }).toEqual({ status, code });
    expect(await t.jobCount()).toBe(0);
    expect(await t.storedKeys()).toEqual([]);
    expect(await readdir(join(t.dataDir, 'tmp', 'uploads')).catch(() => [])).toEqual([]);
    return response.json();
  }

  it('refuses an upload over MAX_UPLOAD_BYTES (PAYLOAD_TOO_LARGE), storing nothing', async () => {
    expect(video.length).toBeGreaterThan(16384);
    const problem = await refusedUpload(
      { scenario: JSON.stringify(testScenario()), video: [video, 'clip.mp4'] },
      'PAYLOAD_TOO_LARGE',
      413,
    );
    expect(problem.details.limit).toBe('maxUploadBytes');
  });

  it('refuses a scenario or options sent before the video without reading the video', async () => {
    // The video is over MAX_UPLOAD_BYTES: reading it would end in PAYLOAD_TOO_LARGE instead.
    const big = Buffer.alloc(64 * 1024);
    const problem = await refusedUpload(
      { scenario: JSON.stringify({ version: '1.3' }), video: [big, 'clip.mp4'] },
      'UNSUPPORTED_SCENARIO_VERSION',
      400,
    );
    expect(problem.details.path).toBe('$.version');
    await refusedUpload(
      { options: '{"format":"avi"}', video: [big, 'clip.mp4'] },
      'INVALID_OPTIONS',
      400,
    );
  });

  it('refuses a video over the size limits (MEDIA_LIMIT_EXCEEDED)', async () => {
    const small = await makeVideo(join(t.dataDir, 'small.mp4'), {
      seconds: 0.2,
      size: '160x90',
      fps: 5,
    });
    expect(small.length).toBeLessThan(16384);
    const problem = await refusedUpload(
      { scenario: JSON.stringify(testScenario()), video: [small, 'small.mp4'] },
      'MEDIA_LIMIT_EXCEEDED',
      413,
    );
    expect(problem.details.limit).toBe('maxWidth');
  });

  it('refuses JSON over MAX_SCENARIO_BYTES and deeper than MAX_JSON_DEPTH', async () => {
    const big = testScenario({ meta: { padding: 'x'.repeat(100_000) } });
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers,
      payload: { scenario: big, videoUrl: VIDEO_URL },
    });
    expect({ status: response.statusCode, code: response.json().code }).toEqual({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    let deep: unknown = 1;
    for (let i = 0; i < 20; i += 1) deep = [deep];
    const nested = await t.app.inject({
      method: 'POST',
      url: '/api/render',
      headers,
      payload: { scenario: testScenario({ meta: { deep } }), videoUrl: VIDEO_URL },
    });
    expect({ status: nested.statusCode, code: nested.json().code }).toEqual({
      status: 400,
      code: 'JSON_TOO_DEEP',
    });
    await refusedUpload(
      { scenario: JSON.stringify(big), videoUrl: VIDEO_URL },
      'PAYLOAD_TOO_LARGE',
      413,
    );
    await refusedUpload(
      { scenario: JSON.stringify(testScenario({ meta: { deep } })), videoUrl: VIDEO_URL },
      'JSON_TOO_DEEP',
      400,
    );
    expect(await t.jobCount()).toBe(0);
  });
});
