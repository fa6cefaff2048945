import type { Box, FrameTable } from '@ecg-render/page';

export interface FrameUnit {
  /** First frame, inclusive. Always a planned capture or a frame with nothing visible. */
  first: number;
  /** Last frame, inclusive. */
  last: number;
}

export interface FramePlan {
  frameCount: number;
  /** Frames whose overlay must be captured, ascending. */
  captures: number[];
  /** Frames with something visible that reuse the previous capture. */
  reused: number;
  /** Frames with nothing visible: no capture, no overlay. */
  empty: number;
  /** Consecutive frame ranges covering every frame, handed to capture pages in order. */
  units: FrameUnit[];
  /** Frames sampled to find the region captions occupy. */
  measureFrames: number[];
}

/**
 * Decides which frames need a capture (something visible that may have changed), which reuse the
 * last capture, and which need none; then cuts the timeline into work units that start where no
 * earlier state is needed by the writer (a capture or an empty frame), so units can be captured by
 * different pages in parallel.
 */
export function planFrames(options: {
  table: FrameTable;
  capturesPerUnit?: number;
  framesPerUnit?: number;
  maxMeasurements?: number;
}): FramePlan {
  const { table } = options;
  const capturesPerUnit = options.capturesPerUnit ?? 24;
  const framesPerUnit = options.framesPerUnit ?? 600;
  const maxMeasurements = options.maxMeasurements ?? 400;
  const n = table.frameCount;
  const captures: number[] = [];
  let empty = 0;
  for (let f = 0; f < n; f += 1) {
    if (table.visible[f] !== 1) empty += 1;
    else if (table.changed[f] === 1) captures.push(f);
  }

  const units: FrameUnit[] = [];
  const isCapture = new Uint8Array(n);
  for (const f of captures) isCapture[f] = 1;
  let start = 0;
  let inUnit = 0;
  for (let f = 1; f < n; f += 1) {
    if (isCapture[f - 1]) inUnit += 1;
    const boundary = isCapture[f] === 1 || table.visible[f] !== 1;
    if (boundary && (inUnit >= capturesPerUnit || f - start >= framesPerUnit)) {
      units.push({ first: start, last: f - 1 });
      start = f;
      inUnit = 0;
    }
  }
  if (n > 0) units.push({ first: start, last: n - 1 });

  // Measure where each run of consecutive captures starts and ends, and inside long runs (animation)
  // every `stride`-th frame: motion between samples is small, and margins cover it.
  const measureFrames: number[] = [];
  const edges = captures.filter((f, i) => captures[i - 1] !== f - 1 || captures[i + 1] !== f + 1);
  const inner = captures.length - edges.length;
  const stride = Math.max(1, Math.ceil(inner / Math.max(1, maxMeasurements - edges.length)));
  let sinceLast = 0;
  for (let i = 0; i < captures.length; i += 1) {
    const f = captures[i]!;
    const edge = captures[i - 1] !== f - 1 || captures[i + 1] !== f + 1;
    sinceLast += 1;
    if (edge || sinceLast >= stride) {
      measureFrames.push(f);
      sinceLast = 0;
    }
  }

  return {
    frameCount: n,
    captures,
    reused: n - empty - captures.length,
    empty,
    units,
    measureFrames,
  };
}

/**
 * Grows the measured content box by a safety margin, keeps it inside the frame and aligns it to
 * even coordinates and sizes: the overlay is blended in 4:2:0, where an odd offset would shift its
 * chroma against the luma.
 */
export function cropBox(options: {
  content: Box;
  width: number;
  height: number;
  margin?: number;
}): Box {
  const { content, width, height } = options;
  const margin = options.margin ?? Math.max(8, Math.round(height * 0.02));
  let x0 = Math.max(0, Math.floor(content.x - margin));
  let y0 = Math.max(0, Math.floor(content.y - margin));
  let x1 = Math.min(width, Math.ceil(content.x + content.width + margin));
  let y1 = Math.min(height, Math.ceil(content.y + content.height + margin));
  x0 -= x0 % 2;
  y0 -= y0 % 2;
  if ((x1 - x0) % 2) x1 = x1 < width ? x1 + 1 : x1 - 1;
  if ((y1 - y0) % 2) y1 = y1 < height ? y1 + 1 : y1 - 1;
  return { x: x0, y: y0, width: Math.max(2, x1 - x0), height: Math.max(2, y1 - y0) };
}
