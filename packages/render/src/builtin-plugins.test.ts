import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinPlugins, type PluginPackage } from '@ecg-render/plugins';
import { normalizeScenario } from '@ecg-render/scenario';
import { openCaptureSession, type CaptureSession } from './capture-session.js';
import { findChromium } from './find-chromium.js';
import { launchBrowser, type Browser } from './launch-browser.js';
import { pluginRefs } from './plugin-refs.js';
import { alphaBounds, decodePng, type RgbaImage } from './testing/decode-png.js';

const W = 320;
const H = 180;
const FPS = { num: 10, den: 1 };

/** One text node shown over [0, 3] s with `plugin` running over exactly [1, 2] s. */
function scenarioWith(plugin: Record<string, unknown>, text = 'Hello 안녕') {
  return normalizeScenario({
    version: '2.0',
    pluginApiVersion: '3.0',
    timebase: { unit: 'seconds' },
    stage: { baseAspect: '16:9' },
    tracks: [
      {
        id: 't',
        type: 'free',
        layer: 1,
        defaultStyle: { fontSizeRel: 0.15, color: '#ffffff', fontFamily: 'sans-serif' },
      },
    ],
    cues: [
      {
        id: 'c',
        track: 't',
        root: {
          id: 'g',
          eType: 'group',
          children: [
            {
              id: 'w',
              eType: 'text',
              text,
              displayTime: [0, 3],
              layout: { position: { x: 0.5, y: 0.5 }, anchor: 'cc' },
              pluginChain: [{ baseTime: [1, 2], timeOffset: ['0%', '0%'], ...plugin }],
            },
          ],
        },
      },
    ],
  }).scenario;
}

function alphaSum(image: RgbaImage): number {
  let sum = 0;
  for (let i = 3; i < image.data.length; i += 4) sum += image.data[i]!;
  return sum;
}

function meanColorOfOpaque(image: RgbaImage): [number, number, number] {
  let r = 0,
    g = 0,
    b = 0,
    n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i + 3]! > 250) {
      r += image.data[i]!;
      g += image.data[i + 1]!;
      b += image.data[i + 2]!;
      n += 1;
    }
  }
  return [r / n, g / n, b / n];
}

describe('built-in plugins, in Chromium', () => {
  let browser: Browser;
  let packages: PluginPackage[];
  beforeAll(async () => {
    browser = await launchBrowser({ executable: findChromium() });
    packages = await builtinPlugins();
  });
  afterAll(async () => browser?.close());

  async function session(plugin: Record<string, unknown>, text?: string): Promise<CaptureSession> {
    const { refs, mounts } = pluginRefs(packages);
    const s = await openCaptureSession({ browser, width: W, height: H, origin: { mounts } });
    await s.init({
      scenario: scenarioWith(plugin, text),
      width: W,
      height: H,
      fps: FPS,
      seed: 's',
      plugins: refs,
      fonts: [],
      firstFrame: 0,
      frameCount: 40,
    });
    await s.setCrop({ x: 0, y: 0, width: W, height: H });
    return s;
  }

  async function frames(s: CaptureSession, list: number[]): Promise<Map<number, Buffer>> {
    const out = new Map<number, Buffer>();
    for (const f of list) {
      await s.goto(f);
      out.set(f, await s.capture());
    }
    return out;
  }

  const FRAMES = [5, 10, 12, 15, 18, 20, 25];

  it.each(packages_names())(
    '%s animates inside its window and is frame-exact in any order',
    async (name) => {
      const params: Record<string, Record<string, unknown>> = {
        spin: { fullTurns: 0.25 },
        bobY: { amplitudePx: 20, cycles: 0.5 },
        pulse: { maxScale: 1.5, cycles: 0.5 },
        glow: { color: '#ff0000', intensity: 1, pulse: true, cycles: 1 },
        karaoke: { color: '#ff0000', mode: 'sweep', after: 'revert' },
      };
      const forward = await session({ name, params: params[name] ?? {} });
      const a = await frames(forward, FRAMES);
      await forward.close();
      const shuffled = await session({ name, params: params[name] ?? {} });
      const b = await frames(shuffled, [...FRAMES].reverse());
      await shuffled.close();
      for (const f of FRAMES)
        expect(b.get(f)!.equals(a.get(f)!), `frame ${f} differs between orders`).toBe(true);
      // Moving inside the window: mid-window frames differ from each other.
      expect(a.get(12)!.equals(a.get(15)!)).toBe(false);
      // Before the window the node is untouched, the same at frames 5 and 10 for entrance effects.
      expect(alphaBounds(decodePng(a.get(5)!))).not.toBeNull();
    },
  );

  it('fadeIn raises opacity through its window and fadeOut lowers it', async () => {
    for (const [name, rising] of [
      ['fadeIn', true],
      ['fadeOut', false],
    ] as const) {
      const s = await session({ name });
      const shots = await frames(s, [10, 13, 16, 20]);
      await s.close();
      const sums = [10, 13, 16, 20].map((f) => alphaSum(decodePng(shots.get(f)!)));
      const sorted = [...sums].sort((x, y) => (rising ? x - y : y - x));
      expect(sums, name).toEqual(sorted);
      expect(rising ? sums[0] : sums[3]).toBe(0);
    }
  });

  it('slideUp moves the text up into place', async () => {
    const s = await session({ name: 'slideUp', params: { distance: 0.2, fade: false } });
    const shots = await frames(s, [10, 15, 20]);
    await s.close();
    const tops = [10, 15, 20].map((f) => alphaBounds(decodePng(shots.get(f)!))!.y);
    expect(tops[0]!).toBeGreaterThan(tops[1]!);
    expect(tops[1]!).toBeGreaterThan(tops[2]!);
  });

  it('typewriter reveals more text as it goes, and all of it at the end', async () => {
    const s = await session({ name: 'typewriter' });
    const shots = await frames(s, [11, 15, 19, 20, 25]);
    await s.close();
    const widths = [11, 15, 19, 20].map((f) => alphaBounds(decodePng(shots.get(f)!))?.width ?? 0);
    expect(widths[0]!).toBeLessThan(widths[1]!);
    expect(widths[1]!).toBeLessThan(widths[3]!);
    expect(shots.get(20)!.equals(shots.get(25)!)).toBe(true);
  });

  it('karaoke switch colours the word only during its window', async () => {
    const s = await session({ name: 'karaoke', params: { color: '#ff0000', mode: 'switch' } });
    const shots = await frames(s, [5, 15, 25]);
    await s.close();
    const [before, during, after] = [5, 15, 25].map((f) =>
      meanColorOfOpaque(decodePng(shots.get(f)!)),
    );
    expect(before![1]).toBeGreaterThan(200);
    expect(during![0]).toBeGreaterThan(200);
    expect(during![1]).toBeLessThan(80);
    expect(after![1]).toBeGreaterThan(200);
  });

  it('bounce ends at rest where the text started', async () => {
    const s = await session({ name: 'bounce', params: { height: 0.3, bounces: 2 } });
    const shots = await frames(s, [5, 11, 20, 25]);
    await s.close();
    const tops = [5, 11, 20, 25].map((f) => alphaBounds(decodePng(shots.get(f)!))!.y);
    expect(tops[1]!).toBeLessThan(tops[0]!);
    expect(tops[2]).toBe(tops[0]);
    expect(tops[3]).toBe(tops[0]);
  });
});

function packages_names(): string[] {
  return [
    'fadeIn',
    'fadeOut',
    'slideUp',
    'pop',
    'typewriter',
    'karaoke',
    'bounce',
    'spin',
    'bobY',
    'pulse',
    'glow',
  ];
}
