import { describe, expect, it } from 'vitest';
import { buildFrameTable, type TimelineInfo } from '@ecg-render/page';
import { cropBox, planFrames } from './plan-frames.js';

const fps = { num: 10, den: 1 };

function table(nodes: TimelineInfo['nodes'], frameCount: number) {
  return buildFrameTable({ timeline: { nodes }, fps, frameCount });
}

const text = (
  key: string,
  active: [number, number],
  plugins: TimelineInfo['nodes'][0]['plugins'] = [],
) => ({
  key,
  cueId: key,
  eType: 'text',
  content: true,
  active,
  plugins,
});

describe('planFrames', () => {
  it('captures a static cue once and reuses it, skipping frames with nothing visible', () => {
    const plan = planFrames({ table: table([text('a', [1, 2])], 40) });
    // Frames 10..20 (t = 1.0 .. 2.0, both ends inclusive) show the cue.
    expect(plan.captures).toEqual([10]);
    expect(plan.reused).toBe(10);
    expect(plan.empty).toBe(29);
  });

  it('captures every frame inside a plugin window, and the frame after it', () => {
    const plan = planFrames({
      table: table([text('a', [1, 3], [{ name: 'fadeIn', window: [1, 1.5], kind: 'dom' }])], 40),
    });
    expect(plan.captures).toEqual([10, 11, 12, 13, 14, 15, 16]);
  });

  it('treats a window that never covers a frame as no change', () => {
    const plan = planFrames({
      table: table([text('a', [1, 3], [{ name: 'x', window: [1.01, 1.02], kind: 'dom' }])], 40),
    });
    expect(plan.captures).toEqual([10]);
  });

  it('captures where a second node mounts or one unmounts while others stay', () => {
    const plan = planFrames({ table: table([text('a', [1, 3]), text('b', [2, 2.5])], 40) });
    expect(plan.captures).toEqual([10, 20, 26]);
  });

  it('ignores nodes that draw nothing', () => {
    const group = { ...text('g', [0, 3]), eType: 'group', content: false };
    const plan = planFrames({ table: table([group], 40) });
    expect(plan.captures).toEqual([]);
    expect(plan.empty).toBe(40);
  });

  it('cuts units only at captures or empty frames, covering every frame once', () => {
    const nodes = [
      text('a', [0, 0.9], [{ name: 'p', window: [0, 0.9], kind: 'dom' }]),
      text('b', [1.5, 3]),
    ];
    const plan = planFrames({ table: table(nodes, 40), capturesPerUnit: 3 });
    let next = 0;
    for (const unit of plan.units) {
      expect(unit.first).toBe(next);
      next = unit.last + 1;
      const t = table(nodes, 40);
      expect(plan.captures.includes(unit.first) || t.visible[unit.first] === 0).toBe(true);
    }
    expect(next).toBe(40);
    expect(plan.units.length).toBeGreaterThan(2);
  });

  it('samples long animated runs for measurement but keeps their ends', () => {
    const plan = planFrames({
      table: table([text('a', [0, 99], [{ name: 'p', window: [0, 99], kind: 'dom' }])], 1000),
      maxMeasurements: 50,
    });
    expect(plan.captures.length).toBe(991);
    expect(plan.measureFrames.length).toBeLessThanOrEqual(60);
    expect(plan.measureFrames[0]).toBe(0);
    expect(plan.measureFrames.at(-1)).toBe(990);
  });
});

describe('cropBox', () => {
  it('adds a margin, clamps to the frame and keeps everything even', () => {
    expect(
      cropBox({
        content: { x: 101, y: 901, width: 301, height: 51 },
        width: 1920,
        height: 1080,
        margin: 10,
      }),
    ).toEqual({
      x: 90,
      y: 890,
      width: 322,
      height: 72,
    });
    const edge = cropBox({
      content: { x: 1900, y: 1070, width: 20, height: 10 },
      width: 1920,
      height: 1080,
      margin: 8,
    });
    expect(edge.x + edge.width).toBeLessThanOrEqual(1920);
    expect(edge.y + edge.height).toBeLessThanOrEqual(1080);
    expect((edge.width % 2) + (edge.height % 2) + (edge.x % 2) + (edge.y % 2)).toBe(0);
  });
});
