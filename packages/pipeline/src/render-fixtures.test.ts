import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstFrameAtOrAfter, lastFrameAtOrBefore } from '@ecg-render/page';
import { normalizeScenario, type Scenario } from '@ecg-render/scenario';
import { renderVideo, type RenderSummary } from './render-video.js';
import { decodeFrames, inspectVideo, makeTestVideo, psnr, type Region } from './testing/media.js';

const FIXTURES = [
  'basic.json',
  'animated.json',
  'boxstyle_inheritance_demo.json',
  'cwi_demo_full.json',
  'm5_layout_features.json',
  'plugin_local.json',
];
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../../../fixtures/motiontext/${name}`, import.meta.url), 'utf8'),
  ) as unknown;
const FPS = { num: 10, den: 1 };

/** [start, end] of every node that shows something, from the define-resolved scenario. */
function shownIntervals(scenario: Scenario): [number, number][] {
  const out: [number, number][] = [];
  // Display times are inherited from the parent, as the engine's inheritance does.
  const visit = (
    node: Record<string, unknown>,
    life: [number, number] | null,
    inherited?: unknown,
  ) => {
    const t = node['displayTime'] ?? inherited;
    const drawn =
      (node['eType'] === 'text' &&
        typeof node['text'] === 'string' &&
        node['text'].trim() !== '') ||
      node['eType'] === 'image';
    if (drawn && Array.isArray(t) && typeof t[0] === 'number' && typeof t[1] === 'number') {
      const start = Math.max(t[0], life?.[0] ?? -Infinity);
      const end = Math.min(t[1], life?.[1] ?? Infinity);
      if (start <= end) out.push([start, end]);
    }
    const children = node['children'];
    if (Array.isArray(children))
      children.forEach((c) => visit(c as Record<string, unknown>, life, t));
  };
  for (const cue of scenario.cues) visit(cue.root, (cue.domLifetime as [number, number]) ?? null);
  return out;
}

function changedPixels(
  a: { width: number; rgb: Buffer },
  b: { rgb: Buffer },
  region: Region,
): number {
  let n = 0;
  for (let y = region.y; y < region.y + region.height; y += 1) {
    for (let x = region.x; x < region.x + region.width; x += 1) {
      const i = (y * a.width + x) * 3;
      const d =
        Math.abs(a.rgb[i]! - b.rgb[i]!) +
        Math.abs(a.rgb[i + 1]! - b.rgb[i + 1]!) +
        Math.abs(a.rgb[i + 2]! - b.rgb[i + 2]!);
      if (d > 60) n += 1;
    }
  }
  return n;
}

describe('renders the engine authors\u2019 scenarios over generated videos', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-fixtures-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(FIXTURES)('%s', async (name) => {
    const raw = fixture(name);
    const { resolved } = normalizeScenario(raw);
    const intervals = shownIntervals(resolved);
    const end = Math.max(...intervals.map(([, e]) => e));
    const seconds = Math.ceil(end) + 1;
    const source = await makeTestVideo({ path: join(dir, `${name}.src.mp4`), seconds, fps: 10 });
    const bare = join(dir, `${name}.bare.mp4`);
    const output = join(dir, `${name}.out.mp4`);
    const empty = {
      version: '2.0',
      timebase: { unit: 'seconds' },
      stage: { baseAspect: '16:9' },
      tracks: [],
      cues: [],
    };
    // Lossless encodes: where no caption shows, the output must then equal the bare transcode
    // exactly (with lossy settings two different encodes differ by encoder noise, ~38 dB here).
    await renderVideo({ source, scenario: empty, output: bare, workers: 1, crf: 0 });
    const summary: RenderSummary = await renderVideo({
      source,
      scenario: raw,
      output,
      workers: 1,
      crf: 0,
    });

    const src = await inspectVideo(source);
    const out = await inspectVideo(output);
    expect(out.frames).toBe(src.frames);
    expect(Math.abs(out.durationSec - src.durationSec)).toBeLessThan(0.001 + 1 / 10);
    expect(out.audio).not.toBeNull();
    expect(Math.abs(out.audio!.durationSec - src.audio!.durationSec)).toBeLessThan(0.05);
    expect(Math.abs(out.audio!.startSec - out.videoStartSec)).toBeLessThan(0.05);
    expect(summary.frames).toBe(src.frames);
    expect(summary.crop).not.toBeNull();

    // Frames inside some cue, the first frame of each cue, and frames outside every cue.
    const inside = new Set<number>();
    const firsts = new Set<number>();
    for (const [s, e] of intervals) {
      const f0 = firstFrameAtOrAfter(s, FPS);
      const f1 = Math.min(src.frames - 1, lastFrameAtOrBefore(e, FPS));
      for (let f = f0; f <= f1; f += 1) inside.add(f);
      if (f0 < src.frames) firsts.add(f0);
    }
    const outside = Array.from({ length: src.frames }, (_, f) => f).filter((f) => !inside.has(f));
    const probeOutside = outside.filter(
      (_, i) => i % Math.max(1, Math.floor(outside.length / 6)) === 0,
    );
    const probeFirsts = [...firsts].sort((a, b) => a - b).slice(0, 8);
    const frames = [
      ...probeOutside,
      ...probeFirsts,
      ...probeFirsts.map((f) => f - 1).filter((f) => f >= 0 && !inside.has(f)),
    ];
    const [got, base] = await Promise.all([
      decodeFrames(output, frames),
      decodeFrames(bare, frames),
    ]);
    const whole = { x: 0, y: 0, width: out.width, height: out.height };
    for (const f of probeOutside) {
      expect(
        psnr(got.get(f)!, base.get(f)!, whole),
        `frame ${f} (no caption) matches a bare transcode`,
      ).toBeGreaterThanOrEqual(40);
    }
    for (const f of probeFirsts) {
      expect(
        changedPixels(got.get(f)!, base.get(f)!, summary.crop!),
        `frame ${f} shows its cue`,
      ).toBeGreaterThan(20);
      if (f > 0 && !inside.has(f - 1)) {
        expect(
          psnr(got.get(f - 1)!, base.get(f - 1)!, whole),
          `frame ${f - 1}, just before a cue, shows nothing`,
        ).toBeGreaterThanOrEqual(40);
      }
    }
  });
});
