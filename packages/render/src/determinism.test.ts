import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPluginDirectory } from '@ecg-render/plugins';
import { normalizeScenario } from '@ecg-render/scenario';
import type { InitRequest } from '@ecg-render/page';
import { openCaptureSession } from './capture-session.js';
import { findChromium } from './find-chromium.js';
import { launchBrowser, type Browser } from './launch-browser.js';
import { pluginRefs } from './plugin-refs.js';

const W = 480;
const H = 270;
const FRAMES = 40;
const PLUGINS = [
  'jitter',
  'randomColor',
  'freeTween',
  'gsapTimeline',
  'wallClock',
  'delayedColor',
  'cssTransition',
];

/**
 * Plugins that misbehave the ways published plugins do (Math.random, free-running tweens, timers,
 * clocks, CSS transitions, GSAP .to() start values): the page must still make every overlay frame
 * a pure function of its index.
 */
function scenario() {
  return normalizeScenario({
    version: '2.0',
    pluginApiVersion: '3.0',
    timebase: { unit: 'seconds' },
    stage: { baseAspect: '16:9' },
    tracks: [
      { id: 't', type: 'free', layer: 1, defaultStyle: { fontSizeRel: 0.07, color: '#ffffff' } },
    ],
    cues: PLUGINS.map((name, i) => ({
      id: `c${i}`,
      track: 't',
      root: {
        id: `g${i}`,
        eType: 'group',
        children: [
          {
            id: `n${i}`,
            eType: 'text',
            text: `${name} 가나`,
            displayTime: [0.5 + i * 0.1, 3.5],
            layout: { position: { x: 0.3 + (i % 2) * 0.4, y: 0.12 + i * 0.12 }, anchor: 'cc' },
            pluginChain: [{ name, baseTime: [1, 2.5], timeOffset: ['0%', '0%'] }],
          },
        ],
      },
    })),
  }).scenario;
}

describe('overlay frames are a pure function of the frame index', () => {
  let browser: Browser;
  let request: InitRequest;
  let mounts: Record<string, string>;

  beforeAll(async () => {
    browser = await launchBrowser({ executable: findChromium() });
    const packages = await readPluginDirectory(
      new URL('./testing/plugins/', import.meta.url).pathname,
    );
    const refs = pluginRefs(packages);
    mounts = refs.mounts;
    request = {
      scenario: scenario(),
      width: W,
      height: H,
      fps: { num: 10, den: 1 },
      seed: 'seed-1',
      plugins: refs.refs,
      fonts: [],
      firstFrame: 0,
      frameCount: FRAMES,
    };
  });
  afterAll(async () => browser?.close());

  async function render(order: number[], on: Browser = browser): Promise<Map<number, Buffer>> {
    const session = await openCaptureSession({
      browser: on,
      width: W,
      height: H,
      origin: { mounts },
    });
    try {
      await session.init(request);
      await session.setCrop({ x: 0, y: 0, width: W, height: H });
      const out = new Map<number, Buffer>();
      for (const frame of order) {
        await session.goto(frame);
        out.set(frame, await session.capture());
      }
      return out;
    } finally {
      await session.close();
    }
  }

  const all = Array.from({ length: FRAMES }, (_, i) => i);
  let forward: Map<number, Buffer>;

  it('renders something that changes, including between frames the scenario calls static', async () => {
    forward = await render(all);
    expect(forward.get(12)!.equals(forward.get(22)!)).toBe(false);
    // After the plugin windows end (t > 2.5) the free tween, the interval and jitter's last state
    // keep the page moving; frames 27 and 30 must still differ (freeTween keeps spinning).
    expect(forward.get(27)!.equals(forward.get(30)!)).toBe(false);
  });

  it('is byte-identical in a second browser', async () => {
    const other = await launchBrowser({ executable: findChromium() });
    try {
      const again = await render(all, other);
      for (const f of all) expect(again.get(f)!.equals(forward.get(f)!), `frame ${f}`).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('is byte-identical when frames are rendered in a shuffled order', async () => {
    // A fixed permutation (deterministic test): stride 17 through 40 frames.
    const shuffled = all.map((i) => (i * 17 + 5) % FRAMES);
    expect(new Set(shuffled).size).toBe(FRAMES);
    const result = await render(shuffled);
    for (const f of all) expect(result.get(f)!.equals(forward.get(f)!), `frame ${f}`).toBe(true);
  });

  it('is byte-identical when split into segments rendered by separate pages', async () => {
    for (const cuts of [[13, 26], [1, 21, 38], [17]]) {
      const bounds = [0, ...cuts, FRAMES];
      for (let s = 0; s + 1 < bounds.length; s += 1) {
        const segment = all.slice(bounds[s], bounds[s + 1]);
        const result = await render(segment);
        for (const f of segment)
          expect(result.get(f)!.equals(forward.get(f)!), `frame ${f} (cut ${cuts})`).toBe(true);
      }
    }
  });
});
