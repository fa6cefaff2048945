import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, testScenario, type TestApp } from '../test/test-app.js';

describe('GET /api/render/{id}/captions', () => {
  let t: TestApp;
  let alice: Record<string, string>;
  let bob: Record<string, string>;
  let jobId: string;
  beforeAll(async () => {
    t = await createTestApp();
    alice = (await t.newKey()).headers;
    bob = (await t.newKey()).headers;
    const created = await t.app.inject({
      method: 'POST',
      url: '/render',
      headers: alice,
      payload: {
        jobId: 'ecg-42',
        videoUrl: 'https://media.example.com/clip.mp4',
        scenario: testScenario(),
        callbackUrl: 'https://hooks.example.com/ecg',
      },
    });
    expect(created.statusCode).toBe(200);
    const listed = await t.app.inject({ url: '/api/render', headers: alice });
    jobId = listed.json<{ jobs: { jobId: string }[] }>().jobs[0]!.jobId;
  });
  afterAll(() => t.close());

  it('exports the captions as WebVTT (the default) and SRT attachments named after the job', async () => {
    const vtt = await t.app.inject({ url: `/api/render/${jobId}/captions`, headers: alice });
    expect(vtt.statusCode).toBe(200);
    expect(vtt.headers['content-type']).toBe('text/vtt; charset=utf-8');
    expect(vtt.headers['content-disposition']).toContain('filename="ecg-42.vtt"');
    expect(vtt.body).toBe('WEBVTT\n\n00:00:00.100 --> 00:00:00.800\nhello\n');

    const srt = await t.app.inject({
      url: `/api/render/${jobId}/captions?format=srt`,
      headers: alice,
    });
    expect(srt.headers['content-type']).toBe('application/x-subrip; charset=utf-8');
    expect(srt.headers['content-disposition']).toContain('filename="ecg-42.srt"');
    expect(srt.body).toBe('1\n00:00:00,100 --> 00:00:00,800\nhello\n');
    // The ECG backend may ask by its own job id.
    const byExternalId = await t.app.inject({
      url: '/api/render/ecg-42/captions?format=srt',
      headers: alice,
    });
    expect(byExternalId.body).toBe(srt.body);
  });

  it('is the owner’s only, and takes only srt or vtt', async () => {
    const other = await t.app.inject({ url: `/api/render/${jobId}/captions`, headers: bob });
    expect(other.statusCode).toBe(404);
    const ass = await t.app.inject({
      url: `/api/render/${jobId}/captions?format=ass`,
      headers: alice,
    });
    expect(ass.statusCode).toBe(400);
    expect(ass.json()).toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
