import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeScenario } from '@ecg-render/scenario';
import { findChromium } from './find-chromium.js';
import { launchBrowser, type Browser } from './launch-browser.js';
import { openCaptureSession } from './capture-session.js';
import { alphaBounds, decodePng } from './testing/decode-png.js';

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../fixtures/motiontext/${name}`, import.meta.url), 'utf8'),
  );

describe('capture session', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser({ executable: findChromium() });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders a cue only inside its display time, transparent elsewhere', async () => {
    const session = await openCaptureSession({
      browser,
      width: 640,
      height: 360,
      origin: { mounts: {} },
    });
    const init = await session.init({
      scenario: normalizeScenario(fixture('animated.json')).scenario,
      width: 640,
      height: 360,
      fps: { num: 30, den: 1 },
      seed: 'test',
      plugins: [],
      fonts: [],
      firstFrame: 0,
      frameCount: 600,
    });
    expect(init.timeline.nodes.length).toBeGreaterThan(0);
    await session.setCrop({ x: 0, y: 0, width: 640, height: 360 });
    await session.goto(15);
    expect(alphaBounds(decodePng(await session.capture()))).toBeNull();
    const at = await session.goto(60);
    expect(at.visible).toBe(true);
    const shot = decodePng(await session.capture());
    expect(shot.width).toBe(640);
    expect(alphaBounds(shot)).not.toBeNull();
    await session.close();
  });
});
