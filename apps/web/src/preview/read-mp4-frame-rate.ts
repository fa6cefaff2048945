import type { Rational } from './frame-math.js';

/** Reads `length` bytes at `offset` (fewer at the end of the file). */
export type ByteReader = (offset: number, length: number) => Promise<Uint8Array>;

export interface Mp4FrameRate {
  fps: Rational;
  /** Frames do not all last the same: `fps` is then the average, as the workers use it. */
  variable: boolean;
  frames: number;
}

/** moov holds only sample tables; a bigger one is not a file worth probing in a browser. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

interface Box {
  type: string;
  /** Payload start and end, in the view's coordinates. */
  start: number;
  end: number;
}

function typeAt(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

function* boxes(view: DataView, bytes: Uint8Array, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    const type = typeAt(bytes, at + 4);
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) return;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) return;
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}

function child(view: DataView, bytes: Uint8Array, parent: Box, type: string): Box | null {
  for (const box of boxes(view, bytes, parent.start, parent.end)) if (box.type === type) return box;
  return null;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

function reduce(num: number, den: number): Rational {
  const d = gcd(num, den) || 1;
  return { num: num / d, den: den / d };
}

function videoTrackRate(view: DataView, bytes: Uint8Array, trak: Box): Mp4FrameRate | null {
  const mdia = child(view, bytes, trak, 'mdia');
  if (!mdia) return null;
  const hdlr = child(view, bytes, mdia, 'hdlr');
  // hdlr: version/flags (4), pre_defined (4), handler_type (4).
  if (!hdlr || hdlr.start + 12 > hdlr.end || typeAt(bytes, hdlr.start + 8) !== 'vide') return null;
  const mdhd = child(view, bytes, mdia, 'mdhd');
  if (!mdhd) return null;
  // mdhd v0: version/flags, creation (4), modification (4), timescale; v1 has 8-byte times.
  const timescale = view.getUint32(mdhd.start + (bytes[mdhd.start] === 1 ? 20 : 12));
  const minf = child(view, bytes, mdia, 'minf');
  const stbl = minf && child(view, bytes, minf, 'stbl');
  const stts = stbl && child(view, bytes, stbl, 'stts');
  if (!stts || timescale === 0) return null;
  const count = view.getUint32(stts.start + 4);
  const entries: { samples: number; delta: number }[] = [];
  for (let i = 0; i < count && stts.start + 16 + i * 8 <= stts.end; i += 1) {
    const at = stts.start + 8 + i * 8;
    entries.push({ samples: view.getUint32(at), delta: view.getUint32(at + 4) });
  }
  const frames = entries.reduce((sum, e) => sum + e.samples, 0);
  const duration = entries.reduce((sum, e) => sum + e.samples * e.delta, 0);
  if (frames === 0 || duration === 0) return null;
  // Muxers often give the last frame its own duration; the rate is what every other frame has.
  const body = entries.length > 1 && entries.at(-1)!.samples === 1 ? entries.slice(0, -1) : entries;
  const deltas = new Set(body.map((e) => e.delta));
  if (deltas.size === 1 && body[0]!.delta > 0) {
    return { fps: reduce(timescale, body[0]!.delta), variable: false, frames };
  }
  return { fps: reduce(frames * timescale, duration), variable: true, frames };
}

/**
 * The frame rate of an MP4/MOV file's first video track, from its sample table (mdhd timescale and
 * stts durations), reading only box headers and the moov box. Browsers do not expose a video's
 * frame rate, and frame stepping must use the rate the workers will render at (the source's,
 * unless the user picks one). Null for other containers and fragmented files.
 */
export async function readMp4FrameRate(
  read: ByteReader,
  size: number,
): Promise<Mp4FrameRate | null> {
  let at = 0;
  for (let guard = 0; guard < 10_000 && at + 8 <= size; guard += 1) {
    const head = await read(at, 16);
    if (head.length < 8) return null;
    const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
    let boxSize = view.getUint32(0);
    const type = typeAt(head, 4);
    if (boxSize === 1) {
      if (head.length < 16) return null;
      boxSize = Number(view.getBigUint64(8));
    } else if (boxSize === 0) {
      boxSize = size - at;
    }
    if (boxSize < 8) return null;
    if (guard === 0 && type !== 'ftyp') return null;
    if (type === 'moov') {
      if (boxSize > MAX_MOOV_BYTES) return null;
      const bytes = await read(at, boxSize);
      const moovView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const header = view.getUint32(0) === 1 ? 16 : 8;
      for (const box of boxes(moovView, bytes, header, bytes.length)) {
        if (box.type !== 'trak') continue;
        const rate = videoTrackRate(moovView, bytes, box);
        if (rate) return rate;
      }
      return null;
    }
    at += boxSize;
  }
  return null;
}

/** A ByteReader over a File or Blob (reads only the slices asked for). */
export function blobReader(blob: Blob): ByteReader {
  return async (offset, length) =>
    new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
}
