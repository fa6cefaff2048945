import { describe, expect, it } from 'vitest';
import { buildFrameTable, type TimelineInfo } from '@ecg-render/page';
import { captureFrames, type OverlayChange } from './capture-frames.js';
import type { CaptureSession } from './capture-session.js';
import { planFrames } from './plan-frames.js';

// The scheduler is tested with scripted pages (each "capture" is a buffer naming its frame); the
// real Chromium path is covered by the pipeline tests. What matters here: order, completeness and
// bounded memory whatever the relative speeds of pages and encoder.
function scriptedSession(options: {
  delayMs: (frame: number) => number;
  size: number;
  dynamicFrom?: number;
}): CaptureSession {
  let current = -1;
  return {
    init: () => Promise.reject(new Error('unused')),
    measure: () => Promise.resolve(null),
    setCrop: () => Promise.resolve(),
    async goto(frame) {
      current = frame;
      await new Promise((r) => setTimeout(r, options.delayMs(frame)));
      return {
        processed: 1,
        dynamic: options.dynamicFrom !== undefined && frame >= options.dynamicFrom,
        visible: true,
      };
    },
    capture() {
      const png = Buffer.alloc(options.size, 0);
      png.writeUInt32BE(current, 0);
      return Promise.resolve(png);
    },
    blockedRequests: () => [],
    close: () => Promise.resolve(),
  };
}

const fps = { num: 10, den: 1 };
function timeline(): TimelineInfo {
  // Three animated stretches and two static captions between empty gaps, 300 frames.
  const animated = (key: string, a: number, b: number) => ({
    key,
    cueId: key,
    eType: 'text',
    content: true,
    active: [a, b] as [number, number],
    plugins: [{ name: 'p', window: [a, b] as [number, number], kind: 'dom' as const }],
  });
  const still = (key: string, a: number, b: number) => ({
    key,
    cueId: key,
    eType: 'text',
    content: true,
    active: [a, b] as [number, number],
    plugins: [],
  });
  return {
    nodes: [
      animated('a', 0, 5),
      still('b', 6, 9),
      animated('c', 10, 18),
      still('d', 20, 25),
      animated('e', 26, 29.9),
    ],
  };
}

describe('captureFrames', () => {
  it('emits every change exactly once, in frame order, with pages of uneven speed and a slow encoder', async () => {
    const table = buildFrameTable({ timeline: timeline(), fps, frameCount: 300 });
    const plan = planFrames({ table, capturesPerUnit: 7 });
    const sessions = [
      scriptedSession({ delayMs: () => 1, size: 1000 }),
      scriptedSession({ delayMs: (f) => (f % 3 === 0 ? 6 : 0), size: 1000 }),
      scriptedSession({ delayMs: () => 3, size: 1000 }),
    ];
    const emitted: OverlayChange[] = [];
    const stats = await captureFrames({
      sessions,
      plan,
      table,
      emit: async (change) => {
        emitted.push(change);
        await new Promise((r) => setTimeout(r, 1));
      },
    });
    const frames = emitted.map((c) => c.frame);
    expect(frames).toEqual([...frames].sort((a, b) => a - b));
    expect(new Set(frames).size).toBe(frames.length);
    // Every planned capture arrives, carrying its own frame; empty stretches arrive as null.
    const captured = emitted.filter((c) => c.png).map((c) => c.png!.readUInt32BE(0));
    expect(captured).toEqual(emitted.filter((c) => c.png).map((c) => c.frame));
    expect(captured).toEqual(plan.captures);
    expect(stats.captured).toBe(plan.captures.length);
    for (const change of emitted.filter((c) => !c.png)) expect(table.visible[change.frame]).toBe(0);
  });

  it('never buffers more than its bound ahead of a stalled encoder', async () => {
    const table = buildFrameTable({ timeline: timeline(), fps, frameCount: 300 });
    const plan = planFrames({ table, capturesPerUnit: 4 });
    const size = 100_000;
    const sessions = [
      scriptedSession({ delayMs: () => 0, size }),
      scriptedSession({ delayMs: () => 0, size }),
    ];
    let outstanding = 0;
    let peak = 0;
    let release: (() => void) | null = null;
    const gate = new Promise<void>((r) => (release = r));
    // Track bytes captured but not yet emitted by wrapping capture.
    for (const session of sessions) {
      const capture = session.capture.bind(session);
      session.capture = async () => {
        const png = await capture();
        outstanding += png.length;
        peak = Math.max(peak, outstanding);
        return png;
      };
    }
    const run = captureFrames({
      sessions,
      plan,
      table,
      maxUnitsAhead: 3,
      maxBufferedBytes: 10 * size,
      emit: async (change) => {
        if (change.frame > 50) await gate;
        if (change.png) outstanding -= change.png.length;
      },
    });
    await new Promise((r) => setTimeout(r, 200));
    // The encoder is stalled at frame 50: pages must be waiting, not racing to the end.
    const stalledPeak = peak;
    release!();
    await run;
    const unitBytes =
      Math.max(
        ...plan.units.map((u) => plan.captures.filter((f) => f >= u.first && f <= u.last).length),
      ) * size;
    expect(stalledPeak).toBeLessThanOrEqual(10 * size + 3 * unitBytes);
    expect(stalledPeak).toBeLessThan(plan.captures.length * size);
  });

  it('captures frames the plan calls static when the page reports it moves on its own', async () => {
    const nodes: TimelineInfo['nodes'] = [
      { key: 's', cueId: 's', eType: 'text', content: true, active: [0, 2], plugins: [] },
    ];
    const table = buildFrameTable({ timeline: { nodes }, fps, frameCount: 21 });
    const plan = planFrames({ table });
    expect(plan.captures).toEqual([0]);
    const emitted: number[] = [];
    const stats = await captureFrames({
      sessions: [scriptedSession({ delayMs: () => 0, size: 64, dynamicFrom: 0 })],
      plan,
      table,
      emit: (change) => {
        emitted.push(change.frame);
        return Promise.resolve();
      },
    });
    // Frame 0 is planned; the page then says it is moving by itself, so every following visible
    // frame is captured too (then the first frame with nothing visible clears the overlay).
    expect(emitted).toEqual(Array.from({ length: 21 }, (_, i) => i));
    expect(stats.unplanned).toBe(20);
  });
});
