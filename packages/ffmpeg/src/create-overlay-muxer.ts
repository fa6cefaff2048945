export interface OverlayMuxerOptions {
  /** Frame size of every PNG in the stream (the caption crop region). */
  width: number;
  height: number;
}

export interface OverlayFrame {
  /** One PNG image, straight alpha, sRGB, `width`×`height`. */
  png: Buffer;
  /** Presentation time in milliseconds, from `overlayTimestampMs`. */
  timestampMs: number;
}

export interface OverlayMuxer {
  /** EBML header, Segment start, Info and Tracks: the first bytes of the stream. */
  header(): Buffer;
  /** One frame as a SimpleBlock, preceded by a new Cluster when one is due. */
  frame(frame: OverlayFrame): Buffer;
  /** The end of the stream. Unknown-size elements need no closing bytes: this is empty. */
  end(): Buffer;
}

/**
 * A Cluster's blocks carry a signed 16-bit offset from the Cluster's timestamp, so a Cluster can
 * span at most 32.767 s. We start one at least every 5 s anyway, which keeps a reader that joins
 * or resynchronises close to a Cluster start.
 */
const MAX_CLUSTER_SPAN_MS = 5000;

/** EBML "unknown size": all ones in an 8-byte length. Lets us stream without seeking back. */
const UNKNOWN_SIZE = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

const ID = {
  EBML: 0x1a45dfa3,
  EBMLVersion: 0x4286,
  EBMLReadVersion: 0x42f7,
  EBMLMaxIDLength: 0x42f2,
  EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282,
  DocTypeVersion: 0x4287,
  DocTypeReadVersion: 0x4285,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimestampScale: 0x2ad7b1,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackUID: 0x73c5,
  TrackType: 0x83,
  FlagLacing: 0x9c,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  Video: 0xe0,
  PixelWidth: 0xb0,
  PixelHeight: 0xba,
  Cluster: 0x1f43b675,
  Timestamp: 0xe7,
  SimpleBlock: 0xa3,
} as const;

/**
 * Streams caption frames to FFmpeg as Matroska: one video track of PNG images with millisecond
 * timestamps (https://www.matroska.org/technical/elements.html).
 *
 * Matroska has no native PNG codec ID that FFmpeg 5.1 maps, so the track uses the VfW
 * compatibility mode (`V_MS/VFW/FOURCC` plus a BITMAPINFOHEADER) with FourCC `MPNG`, which
 * FFmpeg's RIFF table maps to its PNG decoder; ffprobe reports `codec_name=png`, `pix_fmt=rgba`.
 * The Segment and the Clusters have unknown sizes so the stream can be written front to back
 * into a pipe. Timestamps must not decrease, and the first must be 0: FFmpeg shifts every input
 * to start at 0, which would move all later overlay frames earlier.
 */
export function createOverlayMuxer(options: OverlayMuxerOptions): OverlayMuxer {
  const { width, height } = options;
  if (!isDimension(width) || !isDimension(height)) {
    throw new RangeError(`Overlay size must be positive integers, got ${width}x${height}`);
  }
  let headerWritten = false;
  let ended = false;
  let clusterStartMs: number | undefined;
  let lastMs: number | undefined;

  return {
    header(): Buffer {
      if (headerWritten) throw new Error('The overlay stream header was already written');
      headerWritten = true;
      return streamHeader(width, height);
    },

    frame({ png, timestampMs }: OverlayFrame): Buffer {
      if (!headerWritten) throw new Error('Write the overlay stream header before frames');
      if (ended) throw new Error('The overlay stream has ended');
      if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
        throw new RangeError(`Overlay timestamps are whole milliseconds ≥ 0, got ${timestampMs}`);
      }
      if (lastMs === undefined && timestampMs !== 0) {
        throw new RangeError(`The first overlay frame must be at 0 ms, got ${timestampMs}`);
      }
      if (lastMs !== undefined && timestampMs < lastMs) {
        throw new RangeError(
          `Overlay timestamps must not decrease: ${timestampMs} after ${lastMs}`,
        );
      }
      lastMs = timestampMs;
      const parts: Buffer[] = [];
      if (clusterStartMs === undefined || timestampMs - clusterStartMs > MAX_CLUSTER_SPAN_MS) {
        clusterStartMs = timestampMs;
        parts.push(id(ID.Cluster), UNKNOWN_SIZE, uintElement(ID.Timestamp, timestampMs));
      }
      const blockHeader = Buffer.alloc(4);
      blockHeader[0] = 0x81; // track number 1 as a 1-byte EBML varint
      blockHeader.writeInt16BE(timestampMs - clusterStartMs, 1);
      blockHeader[3] = 0x80; // keyframe: every PNG decodes on its own
      parts.push(element(ID.SimpleBlock, Buffer.concat([blockHeader, png])));
      return Buffer.concat(parts);
    },

    end(): Buffer {
      ended = true;
      return Buffer.alloc(0);
    },
  };
}

function streamHeader(width: number, height: number): Buffer {
  const ebml = element(
    ID.EBML,
    Buffer.concat([
      uintElement(ID.EBMLVersion, 1),
      uintElement(ID.EBMLReadVersion, 1),
      uintElement(ID.EBMLMaxIDLength, 4),
      uintElement(ID.EBMLMaxSizeLength, 8),
      stringElement(ID.DocType, 'matroska'),
      uintElement(ID.DocTypeVersion, 4),
      uintElement(ID.DocTypeReadVersion, 2),
    ]),
  );
  const info = element(
    ID.Info,
    Buffer.concat([
      uintElement(ID.TimestampScale, 1_000_000), // 1 ms per timestamp unit
      stringElement(ID.MuxingApp, 'ecg-render'),
      stringElement(ID.WritingApp, 'ecg-render'),
    ]),
  );
  const track = element(
    ID.TrackEntry,
    Buffer.concat([
      uintElement(ID.TrackNumber, 1),
      uintElement(ID.TrackUID, 1),
      uintElement(ID.TrackType, 1), // video
      uintElement(ID.FlagLacing, 0),
      stringElement(ID.CodecID, 'V_MS/VFW/FOURCC'),
      element(ID.CodecPrivate, bitmapInfoHeader(width, height)),
      element(
        ID.Video,
        Buffer.concat([uintElement(ID.PixelWidth, width), uintElement(ID.PixelHeight, height)]),
      ),
    ]),
  );
  return Buffer.concat([ebml, id(ID.Segment), UNKNOWN_SIZE, info, element(ID.Tracks, track)]);
}

/** The 40-byte Windows BITMAPINFOHEADER that VfW mode carries as CodecPrivate. */
function bitmapInfoHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0); // biSize
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height, 8);
  header.writeUInt16LE(1, 12); // biPlanes
  header.writeUInt16LE(32, 14); // biBitCount: RGBA
  header.write('MPNG', 16, 'latin1'); // biCompression FourCC
  header.writeUInt32LE(width * height * 4, 20); // biSizeImage
  return header;
}

/** Element IDs are written as they are (they already contain their length marker). */
function id(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from(bytes);
}

function element(elementId: number, data: Buffer): Buffer {
  return Buffer.concat([id(elementId), sizeVint(data.length), data]);
}

function uintElement(elementId: number, value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return element(elementId, Buffer.from(bytes.length > 0 ? bytes : [0]));
}

function stringElement(elementId: number, value: string): Buffer {
  return element(elementId, Buffer.from(value, 'latin1'));
}

/**
 * An element size as an EBML variable-length integer, in as few bytes as it fits. All-ones
 * values are reserved ("unknown"), hence the −1.
 */
function sizeVint(size: number): Buffer {
  for (let length = 1; length <= 8; length++) {
    if (size < 2 ** (7 * length) - 1) {
      const bytes = Buffer.alloc(length);
      let v = size;
      for (let i = length - 1; i >= 0; i--) {
        bytes[i] = v % 256;
        v = Math.floor(v / 256);
      }
      bytes[0] = (bytes[0] ?? 0) | (0x80 >> (length - 1));
      return bytes;
    }
  }
  throw new RangeError(`EBML element too large: ${size} bytes`);
}

function isDimension(n: number): boolean {
  return Number.isInteger(n) && n > 0 && n <= 65535;
}
