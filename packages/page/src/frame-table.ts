import { firstFrameAtOrAfter, lastFrameAtOrBefore, type Rational } from './frame-time.js';
import type { TimelineInfo } from './protocol.js';

/** Frames [first, last] (inclusive) in which a node is mounted; null when never within the video. */
export type FrameRange = { first: number; last: number } | null;

export interface FrameTable {
  frameCount: number;
  /** 1 where the overlay may differ from the previous frame, as far as the scenario says (frame 0 always). */
  changed: Uint8Array;
  /** 1 where at least one node that draws something is mounted. */
  visible: Uint8Array;
  /** Per timeline node, in timeline order. */
  nodeFrames: FrameRange[];
}

function toFrames(range: [number, number] | null, fps: Rational, frameCount: number): FrameRange {
  if (!range) return null;
  const first = Math.max(0, firstFrameAtOrAfter(range[0], fps));
  const last = Math.min(frameCount - 1, lastFrameAtOrBefore(range[1], fps));
  return first <= last ? { first, last } : null;
}

/**
 * Per-frame facts the planner and the page's frame driver share. A frame is "changed" when a node
 * mounts or unmounts there, or a plugin of a mounted node is inside its window there (its progress
 * moves every frame) or has just left it (DOM plugins are set to p=1 on the first frame after).
 */
export function buildFrameTable(options: {
  timeline: TimelineInfo;
  fps: Rational;
  frameCount: number;
}): FrameTable {
  const { timeline, fps, frameCount } = options;
  const changed = new Uint8Array(frameCount);
  const visibleDelta = new Int32Array(frameCount + 1);
  const nodeFrames: FrameRange[] = [];
  if (frameCount > 0) changed[0] = 1;
  for (const node of timeline.nodes) {
    const frames = toFrames(node.active, fps, frameCount);
    nodeFrames.push(frames);
    if (!frames) continue;
    changed[frames.first] = 1;
    if (frames.last + 1 < frameCount) changed[frames.last + 1] = 1;
    if (node.content) {
      visibleDelta[frames.first]! += 1;
      visibleDelta[frames.last + 1]! -= 1;
    }
    for (const plugin of node.plugins) {
      const inWindow = toFrames(plugin.window, fps, frameCount);
      if (!inWindow) continue;
      const from = Math.max(frames.first, inWindow.first);
      const to = Math.min(frames.last, inWindow.last);
      for (let f = from; f <= to; f += 1) changed[f] = 1;
      if (from <= to && to + 1 <= frames.last) changed[to + 1] = 1;
    }
  }
  const visible = new Uint8Array(frameCount);
  let running = 0;
  for (let f = 0; f < frameCount; f += 1) {
    running += visibleDelta[f]!;
    visible[f] = running > 0 ? 1 : 0;
  }
  return { frameCount, changed, visible, nodeFrames };
}

/**
 * The frame a replay must start from to reproduce frame `index` exactly as a forward pass has it:
 * the earliest mount among the nodes mounted at `index` (their state — plugin initialisation,
 * lingering channel values, sibling order — depends on every frame since they mounted).
 */
export function warmStartFrame(table: FrameTable, index: number): number {
  let start = index;
  for (const frames of table.nodeFrames) {
    if (frames && frames.first <= index && index <= frames.last && frames.first < start) {
      start = frames.first;
    }
  }
  return start;
}
