import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrames, inspectVideo, makeTestVideo } from '@ecg-render/pipeline/testing';
import { decodePng, throughYuv420, type RgbImage } from './decode-image.js';
import { findChromium } from './find-chromium.js';
import { regionPsnr, type Rect } from './region-psnr.js';
import { startStandaloneServer, type StandaloneServer } from './start-standalone-server.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/preview-scenario.json', import.meta.url));
/** A registry plugin the fixture uses (on the title): the preview must load it from the API. */
const TINT = fileURLToPath(new URL('./fixtures/tint@1.0.0/', import.meta.url));
/**
 * Another, on the title too, that draws Math.random (once when it starts, then every frame): the
 * preview must seed and replay as the render page does for its frames to match.
 */
const SHAKE = fileURLToPath(new URL('./fixtures/shake@1.0.0/', import.meta.url));
const WIDTH = 640;
const HEIGHT = 360;
const FPS = 30;
/** Mid-pop (title scaling), karaoke on word 0, karaoke on word 2: timing errors would show. */
const FRAMES = [14, 45, 80];

/** Where captions are in the preview stage (stage pixels): each text run, with room for box and shadow. */
async function captionRects(page: Page): Promise<Rect[]> {
  return page.evaluate(() => {
    const stage = document.querySelector('[data-testid=preview-stage]')!;
    const layer = stage.querySelector('.caption-layer')!;
    const origin = stage.getBoundingClientRect();
    const rects: { x: number; y: number; width: number; height: number }[] = [];
    const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of Array.from(range.getClientRects())) {
        if (r.width < 1 || r.height < 1) continue;
        const pad = 14;
        rects.push({
          x: r.left - origin.left - pad,
          y: r.top - origin.top - pad,
          width: r.width + 2 * pad,
          height: r.height + 2 * pad,
        });
      }
    }
    return rects;
  });
}

/** Shows `frame` in the preview (through the UI's own "Go to frame") and waits for it to settle. */
async function showFrame(page: Page, frame: number): Promise<void> {
  await page.getByLabel('Go to frame').fill(String(frame));
  await page.getByLabel('Go to frame').press('Enter');
  await page.waitForSelector(
    `[data-testid=preview-stage][data-frame="${frame}"][data-seeking="false"]`,
  );
  // The seeked frame reaches the compositor on the next frames; fonts must be in.
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        void document.fonts.ready.then(() =>
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 100))),
        );
      }),
  );
}

describe('web studio in Chromium against a standalone ecg-render serve', () => {
  let dir: string;
  let video: string;
  let server: StandaloneServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecg-studio-e2e-'));
    video = await makeTestVideo({
      path: join(dir, 'clip.mp4'),
      width: WIDTH,
      height: HEIGHT,
      fps: FPS,
      seconds: 4,
      // A flat colour, not testsrc2: its per-frame random noise is what x264 loses most of, and
      // the comparison is about the captions (their animation tells frames apart).
      color: '0x3a6ea5',
    });
    server = await startStandaloneServer({ dataDir: join(dir, 'data') });
    for (const folder of [TINT, SHAKE]) {
      const plugin = new FormData();
      for (const file of ['manifest.json', 'index.mjs'])
        plugin.append(file, new Blob([await readFile(join(folder, file))]), file);
      const uploaded = await fetch(`${server.url}/api/plugins`, { method: 'POST', body: plugin });
      if (uploaded.status !== 201) throw new Error(`plugin upload: ${await uploaded.text()}`);
    }
    browser = await chromium.launch({
      executablePath: findChromium(),
      headless: true,
      // Chromium's sandbox cannot start as root (CI runs as root).
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 1000 },
      deviceScaleFactor: 1,
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows a broken scenario’s error with its code and JSON path, and will not render it', async () => {
    await page.getByLabel('Video file').setInputFiles(video);
    const text = page.getByLabel('Scenario JSON (paste or edit)');
    const broken = JSON.parse(await readFile(FIXTURE, 'utf8')) as {
      cues: { track: string }[];
    };
    broken.cues[1]!.track = 'nowhere';
    await text.fill(JSON.stringify(broken, null, 2));
    const errors = page.getByTestId('caption-errors');
    await expect.poll(() => errors.textContent()).toContain('INVALID_SCENARIO');
    expect(await errors.textContent()).toContain('$.cues[1].track');
    expect(await errors.textContent()).toContain('unknown track "nowhere"');
    await expect
      .poll(() => page.getByRole('button', { name: 'Start render' }).isDisabled())
      .toBe(true);

    await text.fill('{"version": "1.3", "cues": []}');
    await expect.poll(() => errors.textContent()).toContain('UNSUPPORTED_SCENARIO_VERSION');
    expect(await errors.textContent()).toContain('$.version');

    await text.fill('{"version": "2.0",\n  "tracks": [}');
    await expect.poll(() => errors.textContent()).toContain('INVALID_JSON');
    expect(await errors.textContent()).toMatch(/line 2, column \d+/);
  });

  it('previews frames that match the rendered output, renders with live progress, and downloads a video ffprobe accepts', async () => {
    await page.getByLabel('Video file').setInputFiles(video);
    await page.getByLabel('Scenario file').setInputFiles(FIXTURE);
    await page.getByTestId('captions-ok').waitFor();
    // The fixture's [x, y] title position is fixed as the workers fix it, and said so.
    const warnings = await page.getByTestId('caption-warnings').textContent();
    expect(warnings).toContain('ARRAY_POSITION');
    expect(warnings).toContain('$.cues[0].root.children[0].layout.position');
    expect(await page.getByTestId('video-facts').textContent()).toContain('640×360');
    expect(await page.getByTestId('frame-readout').textContent()).toContain('30 fps (video)');

    await page.getByLabel('Zoom').selectOption('1');
    await page.waitForSelector('[data-testid=preview-stage][data-engine=ready]');
    // The title's registry plugin (tint) runs in the preview: loaded from the API, not built in.
    await showFrame(page, 45);
    expect(
      await page.evaluate(() => {
        const title = Array.from(document.querySelectorAll('.caption-layer *')).find(
          (el) => el.childElementCount === 0 && el.textContent === 'ECG Studio',
        );
        return title ? getComputedStyle(title).color : null;
      }),
    ).toBe('rgb(255, 208, 208)');
    const stage = page.getByTestId('preview-stage');
    const previews = new Map<number, { image: RgbImage; rects: Rect[] }>();
    for (const frame of FRAMES) {
      await showFrame(page, frame);
      const rects = await captionRects(page);
      expect(rects.length, `captions visible at frame ${frame}`).toBeGreaterThan(0);
      const png = await stage.screenshot();
      previews.set(frame, { image: await decodePng(png, { width: WIDTH, height: HEIGHT }), rects });
    }

    // Render, watching the progress the studio shows (it follows the job's SSE stream).
    await page.getByRole('button', { name: 'Start render' }).click();
    const progress = page.getByTestId('job-progress');
    await progress.waitFor({ timeout: 60_000 });
    const seen: string[] = [];
    const deadline = Date.now() + 240_000;
    let status = '';
    while (Date.now() < deadline) {
      status = (await progress.getAttribute('data-status')) ?? '';
      const percent = (await page.getByTestId('job-percent').textContent()) ?? '';
      const snapshot = `${status} ${percent}`;
      if (seen.at(-1) !== snapshot) seen.push(snapshot);
      if (status === 'completed' || status === 'failed' || status === 'cancelled') break;
      await page.waitForTimeout(100);
    }
    console.log(`progress seen in the studio: ${seen.join(' → ')}`);
    expect(
      status,
      `job ended as ${status}: ${await page
        .getByTestId('job-error')
        .textContent()
        .catch(() => '')}`,
    ).toBe('completed');
    expect(new Set(seen).size).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBe('completed 100.0%');
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('completed');
    // The latest rendered frame, fetched with the key and shown as an image the browser decoded.
    await expect
      .poll(() =>
        page
          .getByTestId('job-thumbnail')
          .evaluate((img) => (img as HTMLImageElement).naturalWidth)
          .catch(() => 0),
      )
      .toBe(320);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-link').click(),
    ]);
    const output = join(dir, 'out', download.suggestedFilename());
    await mkdir(join(dir, 'out'), { recursive: true });
    await download.saveAs(output);
    // The captions as an accessibility sidecar, from the same job.
    const [sidecar] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('captions-vtt').click(),
    ]);
    expect(sidecar.suggestedFilename()).toMatch(/\.vtt$/);
    const vtt = await readFile(await sidecar.path(), 'utf8');
    expect(vtt.startsWith('WEBVTT\n')).toBe(true);
    expect(vtt).toContain('00:00:00.200 --> 00:00:03.800\nECG Studio');
    expect(vtt).toContain('Preview equals render, 미리보기');

    const facts = await inspectVideo(output); // ffprobe, counting frames by decoding
    expect(facts).toMatchObject({
      width: WIDTH,
      height: HEIGHT,
      frames: 4 * FPS,
      pixFmt: 'yuv420p',
    });

    // Preview and output, frame by frame, where the captions are. The screenshot goes through
    // the output's 4:2:0 colour format first ("after encoding"); the raw figure is logged too.
    const rendered = await decodeFrames(output, FRAMES);
    const scores: string[] = [];
    const caption = new Map<number, number>();
    for (const frame of FRAMES) {
      const preview = previews.get(frame)!;
      const out = rendered.get(frame)!;
      const encoded = await throughYuv420(preview.image);
      const dump = process.env['STUDIO_E2E_DUMP'];
      if (dump) {
        // Debugging aid: the frames as raw RGB24 (ffmpeg -f rawvideo -pix_fmt rgb24 -s 640x360).
        await mkdir(dump, { recursive: true });
        await writeFile(join(dump, `preview-${frame}.rgb`), preview.image.rgb);
        await writeFile(join(dump, `output-${frame}.rgb`), out.rgb);
        await writeFile(join(dump, `rects-${frame}.json`), JSON.stringify(preview.rects));
      }
      const { psnr, pixels } = regionPsnr(encoded, out, preview.rects);
      const raw = regionPsnr(preview.image, out, preview.rects);
      const whole = regionPsnr(encoded, out, [{ x: 0, y: 0, width: WIDTH, height: HEIGHT }]);
      caption.set(frame, psnr);
      scores.push(
        `frame ${frame}: ${psnr.toFixed(2)} dB over ${pixels} caption px ` +
          `(raw screenshot ${raw.psnr.toFixed(2)} dB, whole frame ${whole.psnr.toFixed(2)} dB)`,
      );
    }
    // The measure tells frames apart: one frame's preview against another frame's output.
    const wrong = regionPsnr(
      await throughYuv420(previews.get(45)!.image),
      rendered.get(14)!,
      previews.get(45)!.rects,
    );
    scores.push(`preview 45 vs output 14: ${wrong.psnr.toFixed(2)} dB`);
    console.log(`preview vs render PSNR: ${scores.join('; ')}`);
    for (const frame of FRAMES)
      expect(caption.get(frame), `frame ${frame}`).toBeGreaterThanOrEqual(35);
    expect(wrong.psnr).toBeLessThan(30);

    // The job is in the history with its state.
    await page.getByRole('button', { name: 'Refresh' }).first().click();
    await expect.poll(() => page.getByTestId('job-history').textContent()).toContain('Completed');

    // The operator view shows the standalone worker, what it can do, and the queues.
    await page.getByRole('button', { name: 'Operator' }).click();
    const workers = page.getByTestId('workers');
    await workers.waitFor();
    expect(await workers.textContent()).toMatch(/alive.*libx264/);
    await expect
      .poll(() => page.getByTestId('jobs-by-state').textContent())
      .toMatch(/completed\s*1/);
    expect(await page.getByTestId('queues').textContent()).toContain('render');
    await page.getByRole('button', { name: 'Studio' }).click();
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('cancels a render in flight and deletes jobs from the history', async () => {
    // A longer clip, so the render is surely still running when the cancel arrives.
    const long = await makeTestVideo({
      path: join(dir, 'long.mp4'),
      width: 320,
      height: 180,
      fps: FPS,
      seconds: 30,
      color: '0x3a6ea5',
    });
    await page.goto(server.url);
    await page.getByLabel('Video file').setInputFiles(long);
    await page.getByLabel('Scenario file').setInputFiles(FIXTURE);
    await page.getByTestId('captions-ok').waitFor();
    await page.getByRole('button', { name: 'Start render' }).click();
    await page.getByRole('button', { name: 'Cancel render' }).click();
    const progress = page.getByTestId('job-progress');
    await expect
      .poll(() => progress.getAttribute('data-status'), { timeout: 60_000 })
      .toBe('cancelled');
    await expect.poll(() => page.getByTestId('announcer').textContent()).toContain('cancelled');

    // Delete every job, with the confirm step, until the history is empty.
    const history = page.getByTestId('job-history');
    await expect.poll(() => history.textContent()).toContain('Cancelled');
    for (let guard = 0; guard < 10 && (await history.count()) > 0; guard += 1) {
      const rows = await history.locator('tbody tr').count();
      await history
        .getByRole('button', { name: /^Delete job/ })
        .first()
        .click();
      await history.getByRole('button', { name: /^Confirm deleting job/ }).click();
      await expect
        .poll(() =>
          history
            .locator('tbody tr')
            .count()
            .catch(() => 0),
        )
        .toBeLessThan(rows);
    }
    await page.getByText('No jobs yet.').waitFor();
  }, 120_000);

  it('previews a subtitle file converted in the browser with a preset', async () => {
    await page.goto(server.url);
    await page.getByLabel('Video file').setInputFiles(video);
    await page.getByLabel('Subtitle file (SRT, WebVTT, ASS, word-timed JSON)').check();
    await page.getByLabel('Caption style').selectOption('boxed');
    await page
      .getByLabel('Subtitle text (paste or edit)')
      .fill(
        '1\n00:00:00,500 --> 00:00:02,000\nHello from SRT\n\n2\n00:00:02,200 --> 00:00:03,500\nSecond cue\n',
      );
    await page.getByTestId('captions-ok').waitFor();
    await page.waitForSelector('[data-testid=preview-stage][data-engine=ready]');
    await showFrame(page, 30);
    const first = await page.locator('.caption-layer').textContent();
    expect(first).toContain('Hello from SRT');
    expect(first).not.toContain('Second cue');
    await showFrame(page, 90);
    expect(await page.locator('.caption-layer').textContent()).toContain('Second cue');
  });

  it('works from the keyboard: labelled controls, visible focus, shortcuts that leave text fields alone', async () => {
    await page.goto(server.url);
    // Every form control has a label (its own <label>, or aria-label).
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, select, textarea'))
        .filter(
          (el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'),
        )
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);

    // Tab order follows the page: header, then step 1, and focus is visible.
    const stops: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          const outline = getComputedStyle(el).outlineStyle;
          const name =
            (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? el.tagName;
          return `${name.trim()}${outline === 'none' ? ' (no focus ring)' : ''}`;
        }),
      );
    }
    expect(stops.slice(0, 6)).toEqual([
      'Skip to content',
      'Studio',
      'Operator',
      'API key',
      'Show',
      'Video file',
    ]);

    await page.getByLabel('Video file').setInputFiles(video);
    await page.getByLabel('Scenario file').setInputFiles(FIXTURE);
    await page.waitForSelector('[data-testid=preview-stage][data-engine=ready]');
    const frame = async () =>
      Number(await page.getByTestId('preview-stage').getAttribute('data-frame'));
    const settled = () => page.waitForSelector('[data-testid=preview-stage][data-seeking="false"]');

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('ArrowRight');
      await settled();
    }
    expect(await frame()).toBe(3);
    await page.keyboard.press('ArrowLeft');
    await settled();
    expect(await frame()).toBe(2);
    await page.keyboard.press('Shift+ArrowRight');
    await settled();
    expect(await frame()).toBe(32);
    await page.keyboard.press('End');
    await settled();
    expect(await frame()).toBe(119);
    expect(await page.getByTestId('frame-readout').textContent()).toContain('Frame 119 of 120');

    // In the scenario text, arrows move the caret, not the video.
    await page.getByLabel('Scenario JSON (paste or edit)').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press(' ');
    expect(await frame()).toBe(119);
    expect(await page.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);

    // Space plays and pauses when no control claims it.
    await page.keyboard.press('Home'); // caret back to the text's start (a text field key)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    await settled();
    await page.keyboard.press(' ');
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.keyboard.press('k');
    await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  });

  it('is a single column on a narrow screen', async () => {
    await page.setViewportSize({ width: 400, height: 900 });
    const boxes = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.studio-grid > section')).map((el) => {
        const r = el.getBoundingClientRect();
        return { x: Math.round(r.x), width: Math.round(r.width) };
      }),
    );
    expect(boxes.length).toBe(4);
    for (const box of boxes) expect(box).toEqual(boxes[0]);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      400,
    );
    await page.setViewportSize({ width: 1280, height: 1000 });
  });
});
