import { describe, expect, it } from 'vitest';
import { readMp4FrameRate, type ByteReader } from './read-mp4-frame-rate.js';

// Minimal MP4s built box by box: ftyp, then moov (or mdat first, as FFmpeg writes without
// +faststart) with a sound and a video track, each with hdlr, mdhd and stts.

function box(type: string, ...payload: Uint8Array[]): Uint8Array {
  const size = 8 + payload.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, size);
  out.set(
    [...type].map((c) => c.charCodeAt(0)),
    4,
  );
  let at = 8;
  for (const p of payload) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  values.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v));
  return out;
}

const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

function trak(
  handler: string,
  timescale: number,
  stts: [number, number][],
  mdhdVersion = 0,
): Uint8Array {
  const mdhd =
    mdhdVersion === 1
      ? box('mdhd', u32(0x01000000, 0, 0, 0, 0, timescale, 0, 0))
      : box('mdhd', u32(0, 0, 0, timescale, 0));
  return box(
    'trak',
    box(
      'mdia',
      mdhd,
      box('hdlr', u32(0, 0), ascii(handler), u32(0, 0, 0)),
      box('minf', box('stbl', box('stts', u32(0, stts.length, ...stts.flat())))),
    ),
  );
}

function file(...boxes: Uint8Array[]): Uint8Array {
  return concat(box('ftyp', ascii('isom'), u32(512), ascii('isomiso2avc1mp41')), ...boxes);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function reader(bytes: Uint8Array): { read: ByteReader; reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    reads,
    read: (offset, length) => {
      reads.push([offset, length]);
      return Promise.resolve(bytes.slice(offset, offset + length));
    },
  };
}

const audio = trak('soun', 48000, [[100, 1024]]);

describe('readMp4FrameRate', () => {
  it('reads a constant rate from the video track, exactly', async () => {
    const bytes = file(
      box('moov', audio, trak('vide', 15360, [[120, 512]])),
      box('mdat', new Uint8Array(64)),
    );
    const { read } = reader(bytes);
    expect(await readMp4FrameRate(read, bytes.length)).toEqual({
      fps: { num: 30, den: 1 },
      variable: false,
      frames: 120,
    });
  });

  it('keeps NTSC rates exact and ignores a last frame with its own duration', async () => {
    const bytes = file(
      box(
        'moov',
        trak('vide', 30000, [
          [299, 1001],
          [1, 500],
        ]),
      ),
    );
    expect(await readMp4FrameRate(reader(bytes).read, bytes.length)).toEqual({
      fps: { num: 30000, den: 1001 },
      variable: false,
      frames: 300,
    });
  });

  it('averages a variable rate, as the workers do', async () => {
    const bytes = file(
      box(
        'moov',
        trak(
          'vide',
          1000,
          [
            [10, 40],
            [10, 20],
          ],
          1,
        ),
      ),
    );
    expect(await readMp4FrameRate(reader(bytes).read, bytes.length)).toEqual({
      fps: { num: 100, den: 3 },
      variable: true,
      frames: 20,
    });
  });

  it('skips a leading mdat without reading it', async () => {
    const mdat = box('mdat', new Uint8Array(100_000));
    const bytes = file(mdat, box('moov', trak('vide', 25, [[50, 1]])));
    const { read, reads } = reader(bytes);
    expect((await readMp4FrameRate(read, bytes.length))?.fps).toEqual({ num: 25, den: 1 });
    expect(reads.every(([, length]) => length < 1000)).toBe(true);
  });

  it('gives up on what is not an MP4 with a video track', async () => {
    const webm = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await readMp4FrameRate(reader(webm).read, webm.length)).toBeNull();
    const soundOnly = file(box('moov', audio));
    expect(await readMp4FrameRate(reader(soundOnly).read, soundOnly.length)).toBeNull();
    const truncated = file(box('moov', trak('vide', 25, [[50, 1]]))).slice(0, 60);
    expect(await readMp4FrameRate(reader(truncated).read, truncated.length)).toBeNull();
  });
});
