import { firstFrameAtOrAfter, lastFrameAtOrBefore, type Rational } from './frame-time.js';
import type { TimelineInfo } from './protocol.js';

/** Frames [first, last] (inclusive, absolute) in which a node is mounted; null when never. */
export type FrameRange = { first: number; last: number } | null;

export interface FrameTable {
  /** Absolute index of the first frame covered (a render of a time range starts past 0). */
  firstFrame: number;
  frameCount: number;
  /**
   * Per covered frame (index − firstFrame): 1 where the overlay may differ from the previous
   * frame, as far as the scenario says (the first covered frame always).
   */
  changed: Uint8Array;
  /** Per covered frame: 1 where at least one node that draws something is mounted. */
  visible: Uint8Array;
  /** Per timeline node, in timeline order: absolute frames it is mounted in. */
  nodeFrames: FrameRange[];
}

function toFrames(range: [number, number] | null, fps: Rational, lastFrame: number): FrameRange {
  if (!range) return null;
  const first = Math.max(0, firstFrameAtOrAfter(range[0], fps));
  const last = Math.min(lastFrame, lastFrameAtOrBefore(range[1], fps));
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
  firstFrame?: number;
}): FrameTable {
  const { timeline, fps, frameCount } = options;
  const firstFrame = options.firstFrame ?? 0;
  const lastFrame = firstFrame + frameCount - 1;
  const changed = new Uint8Array(frameCount);
  const visibleDelta = new Int32Array(frameCount + 1);
  const nodeFrames: FrameRange[] = [];
  const mark = (frame: number) => {
    if (frame >= firstFrame && frame <= lastFrame) changed[frame - firstFrame] = 1;
  };
  if (frameCount > 0) changed[0] = 1;
  for (const node of timeline.nodes) {
    const frames = toFrames(node.active, fps, lastFrame);
    nodeFrames.push(frames);
    if (!frames) continue;
    mark(frames.first);
    mark(frames.last + 1);
    if (node.content && frames.last >= firstFrame) {
      visibleDelta[Math.max(0, frames.first - firstFrame)]! += 1;
      visibleDelta[frames.last - firstFrame + 1]! -= 1;
    }
    for (const plugin of node.plugins) {
      const inWindow = toFrames(plugin.window, fps, lastFrame);
      if (!inWindow) continue;
      const from = Math.max(frames.first, inWindow.first, firstFrame);
      const to = Math.min(frames.last, inWindow.last);
      for (let f = from; f <= to; f += 1) mark(f);
      if (from <= to && to + 1 <= frames.last) mark(to + 1);
    }
  }
  const visible = new Uint8Array(frameCount);
  let running = 0;
  for (let f = 0; f < frameCount; f += 1) {
    running += visibleDelta[f]!;
    visible[f] = running > 0 ? 1 : 0;
  }
  return { firstFrame, frameCount, changed, visible, nodeFrames };
}

/** Whether the table says absolute frame `frame` may differ from the one before (unknown: yes). */
export function frameChanged(table: FrameTable, frame: number): boolean {
  const i = frame - table.firstFrame;
  return i < 0 || i >= table.frameCount || table.changed[i] === 1;
}

/** Whether something that draws is mounted at absolute frame `frame`. */
export function frameVisible(table: FrameTable, frame: number): boolean {
  const i = frame - table.firstFrame;
  return i >= 0 && i < table.frameCount && table.visible[i] === 1;
}

/**
 * The frame a replay must start from to reproduce frame `index` exactly as a forward pass has it:
 * the earliest mount among the nodes mounted at `index` (their state — plugin initialisation,
 * lingering channel values, sibling order — depends on every frame since they mounted). May lie
 * before the table's first frame when a caption was already up when a time range starts.
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
