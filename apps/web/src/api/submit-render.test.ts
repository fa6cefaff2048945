import { describe, expect, it } from 'vitest';
import { submitRender, type XhrLike } from './submit-render.js';

class FakeXhr implements XhrLike {
  status = 0;
  responseText = '';
  upload: XhrLike['upload'] = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  opened: [string, string] | null = null;
  headers: Record<string, string> = {};
  body: FormData | null = null;
  open(method: string, url: string) {
    this.opened = [method, url];
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.onabort?.();
  }
  answer(status: number, body: unknown) {
    this.upload.onprogress?.({ loaded: 50, total: 100, lengthComputable: true });
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const video = Object.assign(new Blob(['x']), { name: 'clip.mp4' });

describe('submitRender', () => {
  it('posts scenario, options and video as multipart, reporting upload progress', async () => {
    const xhr = new FakeXhr();
    const progress: number[] = [];
    const pending = submitRender({
      baseUrl: 'http://api',
      headers: { authorization: 'Bearer k' },
      video,
      scenario: '{"version":"2.0"}',
      options: { quality: 'high' },
      onUploadProgress: (p) => progress.push(p),
      createXhr: () => xhr,
    });
    xhr.answer(202, { jobId: 'j1', status: 'queued', warnings: [] });
    await expect(pending).resolves.toEqual({ jobId: 'j1', status: 'queued', warnings: [] });
    expect(xhr.opened).toEqual(['POST', 'http://api/api/render']);
    expect(xhr.headers['authorization']).toBe('Bearer k');
    // Text fields before the file: the API checks them before storing the upload.
    expect([...xhr.body!.keys()]).toEqual(['scenario', 'options', 'video']);
    expect(xhr.body!.get('options')).toBe('{"quality":"high"}');
    expect((xhr.body!.get('video') as File).name).toBe('clip.mp4');
    expect(progress).toEqual([0.5, 1]);
  });

  it('rejects with the API’s coded problem, and with AbortError when cancelled', async () => {
    const refused = new FakeXhr();
    const pending = submitRender({
      baseUrl: '',
      headers: {},
      video,
      scenario: '{}',
      options: {},
      createXhr: () => refused,
    });
    refused.answer(400, {
      code: 'INVALID_OPTIONS',
      detail: 'options.fps: too high',
      details: { field: 'options.fps' },
    });
    await expect(pending).rejects.toMatchObject({ code: 'INVALID_OPTIONS', path: 'options.fps' });

    const controller = new AbortController();
    const cancelled = submitRender({
      baseUrl: '',
      headers: {},
      video,
      scenario: '{}',
      options: {},
      signal: controller.signal,
      createXhr: () => new FakeXhr(),
    });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
  });
});
