import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadConfig } from '@ecg-render/config';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveCommand } from './serve.js';

const exec = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('../../../../fixtures/motiontext/', import.meta.url));

// Standalone mode end to end, in this process: `serve` on PGlite, local storage, the in-process
// dispatcher and the real worker (Chromium + FFmpeg); the test is the HTTP client.
describe('ecg-render serve (standalone)', () => {
  let dir: string;
  let url: string;
  let stop: AbortController;
  let exited: Promise<number>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecg-serve-'));
    const config = loadConfig({ DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'warn' });
    stop = new AbortController();
    let listening!: (url: string) => void;
    const ready = new Promise<string>((resolve) => (listening = resolve));
    exited = serveCommand([], { config, signal: stop.signal, onListening: listening });
    url = await Promise.race([
      ready,
      exited.then((code) => Promise.reject(new Error(`serve exited with ${code}`))),
    ]);
  });
  afterAll(async () => {
    stop.abort();
    await exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('renders an uploaded video with a fixture scenario, end to end, without API keys on loopback', async () => {
    const video = join(dir, 'clip.mp4');
    await exec('ffmpeg', [
      '-hide_banner',
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x180:rate=15',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      '3',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      video,
    ]);
    const form = new FormData();
    form.append('video', new Blob([await readFile(video)]), 'clip.mp4');
    form.append('scenario', await readFile(join(FIXTURES, 'plugin_local.json'), 'utf8'));
    form.append('options', JSON.stringify({ quality: 'medium' }));
    const created = await fetch(`${url}/api/render`, { method: 'POST', body: form });
    expect(created.status, await created.clone().text()).toBe(202);
    const { jobId } = (await created.json()) as { jobId: string };

    let status:
      | { status: string; output: { size: number; downloadUrl: string } | null; error: unknown }
      | undefined;
    for (const deadline = Date.now() + 90_000; Date.now() < deadline;) {
      status = (await (await fetch(`${url}/api/render/${jobId}`)).json()) as typeof status;
      if (status?.status === 'completed' || status?.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status?.status, JSON.stringify(status)).toBe('completed');

    const download = await fetch(status!.output!.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
    const output = join(dir, 'out.mp4');
    await writeFile(output, Buffer.from(await download.arrayBuffer()));
    const { stdout } = await exec('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_type,codec_name,width,height,pix_fmt',
      '-of',
      'json',
      output,
    ]);
    const streams = (JSON.parse(stdout) as { streams: Record<string, unknown>[] }).streams;
    expect(streams).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          codec_type: 'video',
          codec_name: 'h264',
          width: 320,
          height: 180,
          pix_fmt: 'yuv420p',
        }),
        expect.objectContaining({ codec_type: 'audio' }),
      ]),
    );
    expect((await stat(output)).size).toBe(status!.output!.size);
  });

  it('serves the OpenAPI UI, health and readiness', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
    expect(await (await fetch(`${url}/ready`)).json()).toMatchObject({ status: 'ready' });
    expect((await fetch(`${url}/docs/json`)).headers.get('content-type')).toMatch(/json/);
  });

  it('refuses a second server on the same data directory, naming the holder', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const config = loadConfig({ DATA_DIR: join(dir, 'data'), PORT: '0', LOG_LEVEL: 'silent' });
      const code = await serveCommand([], { config });
      expect(code).toBe(1);
      const printed = stderr.mock.calls.map(([text]) => String(text)).join('');
      expect(printed).toMatch(
        /^error \[DATA_DIR_IN_USE\]: .* is in use by ecg-render serve \(pid \d+/,
      );
    } finally {
      stderr.mockRestore();
    }
    expect(existsSync(join(dir, 'data', 'ecg-render.lock'))).toBe(true);
    // The first server is unharmed.
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
