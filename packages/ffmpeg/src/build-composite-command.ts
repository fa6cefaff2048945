import { EcgError } from '@ecg-render/errors';
import { audioOutputArgs } from './audio-output-args.js';
import { buildEncoderArgs, type EncoderSettings } from './build-encoder-args.js';
import { containerFormat } from './container-format.js';
import { fileUrl } from './file-url.js';
import { formatSeconds } from './format-seconds.js';
import { overlayInputArgs } from './overlay-input-args.js';
import { audioAlignment } from './audio-alignment.js';
import { sourceInputArgs } from './source-input-args.js';
import type { ColorSpec, Container, HwStage, MediaInfo, Rational } from './types.js';

export interface CompositeSource {
  path: string;
  info: MediaInfo;
  /** Start of the render in source time (seconds from the first video frame). Default 0. */
  startSec?: number;
  /** Length of the render; the output has exactly round(durationSec × fps) frames. Default: to the end. */
  durationSec?: number;
}

/** Where the caption overlay goes on the output frame; all four even (4:2:0 chroma). */
export interface OverlayPlacement {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface CompositeOutput {
  /** The caller passes a temporary name and renames it when FFmpeg succeeds. */
  path: string;
  container: Container;
  /** Even. When it differs from the source's display size the source is scaled. */
  width: number;
  height: number;
  fps: Rational;
}

export interface HwOptions {
  decode: HwStage;
  composite: HwStage;
}

export interface BuildCompositeCommandOptions {
  source: CompositeSource;
  /** null: no caption stream (a plain transcode). */
  overlay: OverlayPlacement | null;
  output: CompositeOutput;
  encoder: EncoderSettings;
  /** The source's matrix and range: the overlay is converted with them and the output tagged. */
  color: ColorSpec;
  /** Default all CPU. */
  hw?: HwOptions;
  /** `auto` (default): the source's audio, copied when the container takes it. `none`: no audio. */
  audio?: 'auto' | 'none';
  /** Add `-progress pipe:1 -nostats` for `runFfmpeg`'s onProgress. Default false. */
  progress?: boolean;
  /**
   * Also keep a small JPEG of the latest output frame at `path`, rewritten every `everySec` (atomic
   * renames, so a reader never sees half a file): the "latest rendered frame" a UI shows while a
   * job runs. It comes from the same filtered frames, so it costs a scale every few seconds.
   */
  preview?: { path: string; everySec?: number; width?: number };
}

export interface CompositeCommand {
  args: string[];
  /**
   * Timestamp (seconds) of output frame 0 where the overlay filter meets it. Always 0: the
   * filter graph puts main frame j at exactly j/fps (see below), so overlay frame j belongs at
   * `overlayTimestampMs({frame: j, fps, firstMainPts: 0})`.
   */
  firstMainPts: number;
  /** Exact number of output frames when `durationSec` is given. */
  frameCount?: number;
  /**
   * The hardware stages the command really uses: CUDA decoding falls back to the CPU for sources
   * NVDEC cannot take (rotated, not 8-bit 4:2:0, or a codec outside h264/hevc/vp9/av1).
   */
  hw: HwOptions;
  /** One line per fallback taken, for the job log. */
  notes: string[];
}

/**
 * After an input seek the demuxer restarts at the video keyframe before the target, and stream
 * copy passes the audio packets from there on by default (`-copypriorss` −1) with negative
 * timestamps; Matroska then shifts the whole file so they start at 0, delaying the video by the
 * distance to that keyframe (0.43 s in a test). Copy only what lies after the seek point.
 */
const NO_PRIOR_PACKETS = ['-copypriorss:a', '0'];

/** Name of the one CUDA device the decoder, uploads and filters share. */
const CUDA_DEVICE = 'ecg';

/**
 * Fraction of an output frame added to source timestamps before `fps` rounds them onto the
 * output grid. Without it a source frame that lies exactly half-way between two output frames
 * (every other frame of 60→30 fps) goes one way or the other depending on a one-tick rounding
 * difference, so a segment could pick a different source frame than a single-pass render did.
 */
const GRID_BIAS_FRAMES = 0.125;

/**
 * Demuxers whose seeks land on a keyframe found through an index (mp4/mov sample tables,
 * Matroska cues, AVI idx1, MXF index tables).
 */
const INDEXED_DEMUXERS = ['mov', 'matroska', 'avi', 'mxf'];

function isIndexed(formatName: string): boolean {
  return formatName.split(',').some((name) => INDEXED_DEMUXERS.includes(name));
}

/** What NVDEC decodes here (H100/H200 and consumer cards alike); others decode on the CPU. */
const CUDA_DECODE_CODECS = new Set(['h264', 'hevc', 'vp9', 'av1']);
const CUDA_DECODE_PIX_FMTS = new Set(['yuv420p', 'yuvj420p', 'nv12']);

/**
 * The one FFmpeg command of a render: decode the source, overlay the caption stream from stdin,
 * encode, and carry the audio over.
 *
 * Timing. FFmpeg shifts each input so its earliest stream starts at 0 and a seek lands on 0. The
 * graph undoes that with constant offsets known from the probe, so main frames reach `fps` at
 * their source time (relative to the first video frame) minus the start, and `fps` snaps them to
 * the output grid with `start_time=0`: output frame j has pts exactly j/fps, whatever the
 * source's start offsets, B-frame delay or frame rate. The overlay then compares against exact
 * grid times (first main frame at 0); overlay frames sit half a frame before their main frame.
 * A seek starts half a frame early so the first wanted frame cannot be lost to rounding, and is
 * then subtracted away.
 *
 * Audio. Output frame 0 is the source's video at k0/fps after its first frame, and the audio
 * starts with it. When the render starts mid-source, or the source's audio starts before its
 * first video frame (common in MPEG-TS and remuxed files), the audio comes from a second reader
 * of the file seeked to that picture's time (`audioAlignment`; audio packets all decode on their
 * own): lip sync is as in the source, the output has exactly the frames asked for, and a
 * segmented render whose join muxes the audio the same way gets the same file.
 */
export function buildCompositeCommand(options: BuildCompositeCommandOptions): CompositeCommand {
  const { source, overlay, output } = options;
  const { info } = source;
  const video = info.video;
  validate(options);

  const fps = output.fps.num / output.fps.den;
  const fpsText = `${output.fps.num}/${output.fps.den}`;
  const k0 = Math.round((source.startSec ?? 0) * fps);
  const seeking = k0 > 0;
  const keepAudio = (options.audio ?? 'auto') === 'auto' && info.audio !== null;
  const audioAlign = audioAlignment(info, k0 / fps);
  // The audio is read by a second reader unless it can come from input 0 as it is: from the
  // file's start, starting no earlier than the first video frame.
  const separateAudio = keepAudio && (seeking || audioAlign.seekSec > 0);
  // How far the first video frame lies after the start of the file (-ss counts from there)…
  const fileDelay = Math.max(0, video.startTimeSec - info.startTimeSec);
  // …and after the start FFmpeg gives input 0, where the video is decoded. For MPEG-TS FFmpeg
  // re-bases on the streams actually used ("Correcting start time", correct_input_start_times in
  // fftools), so with the audio read elsewhere or not at all the video starts at 0.
  const videoInputUsesAudio = keepAudio && !separateAudio;
  const videoDelay = !info.formatName.split(',').includes('mpegts')
    ? fileDelay
    : videoInputUsesAudio && info.audio
      ? Math.max(0, video.startTimeSec - Math.min(video.startTimeSec, info.audio.startTimeSec))
      : 0;
  const frameCount =
    source.durationSec === undefined ? undefined : Math.round(source.durationSec * fps);
  if (frameCount !== undefined && frameCount < 1) {
    throw invalid(`durationSec ${source.durationSec} is shorter than one frame`, {
      durationSec: source.durationSec,
    });
  }

  const notes: string[] = [];
  const hw = effectiveHw(options, notes);
  const cuda = hw.decode === 'cuda' || hw.composite === 'cuda';
  const softwareEncoder = options.encoder.encoder.startsWith('lib');
  const framesAtEncoder = hw.composite === 'cuda' && !softwareEncoder ? 'cuda' : 'cpu';

  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'level+warning'];
  if (cuda) args.push('-init_hw_device', `cuda=${CUDA_DEVICE}:0`, '-filter_hw_device', CUDA_DEVICE);

  // Input 0: the source's video.
  // Demuxers with an index seek to the keyframe before the target and FFmpeg decodes forward;
  // the others (MPEG-TS above all) land on an arbitrary packet, and a stream whose next keyframe
  // is far away then decodes nothing at all (seen with FFmpeg 5.1: 0 frames). Those are read
  // from the start and the frames before the segment dropped in the graph.
  const inputSeek = seeking && isIndexed(info.formatName);
  let inputDurationSec: number | undefined;
  if (frameCount !== undefined) {
    // Enough input for every frame that rounds onto the last output frame; trim cuts exactly.
    inputDurationSec = inputSeek ? (frameCount + 0.5) / fps : videoDelay + (k0 + frameCount) / fps;
  }
  args.push(
    ...sourceInputArgs({
      path: source.path,
      seekSec: inputSeek ? fileDelay + (k0 - 0.5) / fps : undefined,
      durationSec: inputDurationSec,
      preInput:
        hw.decode === 'cuda'
          ? ['-hwaccel', 'cuda', '-hwaccel_device', CUDA_DEVICE, '-hwaccel_output_format', 'cuda']
          : [],
    }),
  );
  let nextInput = 1;
  // Input 1: the caption stream.
  if (overlay) {
    args.push(...overlayInputArgs());
    nextInput += 1;
  }
  // The audio (see "Audio" above): from a second reader of the same file, aligned with output
  // frame 0 (not with the video's half-frame-early seek point), or from input 0.
  let audioMap: string | undefined;
  if (keepAudio && info.audio) {
    if (separateAudio) {
      args.push(
        ...sourceInputArgs({
          path: source.path,
          seekSec: audioAlign.seekSec,
          offsetSec: audioAlign.delaySec,
          durationSec: frameCount === undefined ? undefined : frameCount / fps,
        }),
      );
      audioMap = `${nextInput}:${info.audio.index}`;
    } else {
      audioMap = `0:${info.audio.index}`;
    }
  }

  // Seconds to add to FFmpeg's timestamps so that main frames carry
  // (source time since the first video frame − k0/fps + bias).
  const shiftSec = GRID_BIAS_FRAMES / fps - (inputSeek ? 0.5 / fps : videoDelay + k0 / fps);

  const graph = filterGraph({
    videoIndex: video.index,
    sourceWidth: video.displayWidth,
    sourceHeight: video.displayHeight,
    output,
    fpsText,
    shiftSec,
    frameCount,
    overlay,
    color: options.color,
    hw,
    softwareEncoder,
  });
  args.push(
    '-filter_complex',
    withPreview(graph, options.preview, framesAtEncoder),
    '-map',
    '[vout]',
  );
  if (audioMap) args.push('-map', audioMap);

  args.push(
    ...buildEncoderArgs({
      ...options.encoder,
      color: options.color,
      container: output.container,
      frames: framesAtEncoder,
    }),
  );
  if (audioMap && info.audio) {
    args.push(...audioOutputArgs({ codec: info.audio.codec, container: output.container }));
    if (separateAudio && audioAlign.seekSec > 0) args.push(...NO_PRIOR_PACKETS);
  }
  if (options.progress) args.push('-progress', 'pipe:1', '-nostats');
  args.push('-f', containerFormat(output.container), fileUrl(output.path));
  if (options.preview) {
    args.push(
      ...['-map', '[vpreview]', '-update', '1', '-atomic_writing', '1', '-q:v', '5'],
      ...['-f', 'image2', fileUrl(options.preview.path)],
    );
  }

  const command: CompositeCommand = { args, firstMainPts: 0, hw, notes };
  if (frameCount !== undefined) command.frameCount = frameCount;
  return command;
}

interface GraphOptions {
  videoIndex: number;
  sourceWidth: number;
  sourceHeight: number;
  output: CompositeOutput;
  fpsText: string;
  shiftSec: number;
  frameCount: number | undefined;
  overlay: OverlayPlacement | null;
  color: ColorSpec;
  hw: HwOptions;
  softwareEncoder: boolean;
}

function filterGraph(g: GraphOptions): string {
  const { output } = g;
  const resize = output.width !== g.sourceWidth || output.height !== g.sourceHeight;
  const retime = [`setpts=PTS${signed(g.shiftSec)}/TB`, `fps=fps=${g.fpsText}:start_time=0`];
  // Exact length, counted on the output grid. (Not `-frames:v`: when one stream reaches it
  // FFmpeg 5.1 closes every stream of the file, which cuts the audio short.)
  const trim = g.frameCount === undefined ? [] : [`trim=end_frame=${g.frameCount}`];
  retime.push(...trim);
  // A time base that holds both every output frame time and every millisecond exactly.
  // overlay_cuda compares timestamps in the main input's time base (FFmpeg 5.1 sets
  // fs.time_base = main's), and in fps's 1/30 it rounded the caption at 316 ms onto frame 9
  // instead of 10 (measured on an H200). The CPU overlay picks such a base itself.
  if (g.overlay) retime.push(`settb=1/${millisecondGrid(output.fps)}`);

  // overlay emits one more frame (a repeat of the last main frame) for every caption frame
  // stamped after the main input ended (framesync keeps main "infinite" after EOF, FFmpeg 5.1,
  // CPU and CUDA alike); cut again after it when the length is known.
  const afterOverlay = g.overlay ? [...trim] : [];
  if (g.hw.composite === 'cuda' && g.softwareEncoder)
    afterOverlay.push('hwdownload', 'format=yuv420p');

  // FFmpeg 5.1 decodes full-range H.264 (common from phones) as yuvj420p, and a bare
  // format=yuv420p squeezes that into limited range. With range pc we keep it full (and tag and
  // convert the captions as pc); with tv the squeeze is exactly what the tv tag says.
  const keepFullRange = g.color.range === 'pc' ? ['out_range=pc'] : [];
  const main: string[] = [];
  if (g.hw.composite === 'cuda') {
    // overlay_cuda takes yuva420p onto yuv420p only (FFmpeg 5.1); scale_cuda both resizes and
    // converts NVDEC's nv12.
    if (g.hw.decode === 'cpu') {
      if (keepFullRange.length > 0) main.push(`scale=${keepFullRange.join(':')}`);
      main.push('format=yuv420p', 'hwupload');
    }
    main.push(...retime, `scale_cuda=w=${output.width}:h=${output.height}:format=yuv420p`);
  } else {
    // NVDEC hands over nv12 (only 8-bit 4:2:0 sources are sent to it, see effectiveHw).
    if (g.hw.decode === 'cuda') main.push('hwdownload', 'format=nv12');
    main.push(...retime);
    const scale = [
      ...(resize ? [`w=${output.width}`, `h=${output.height}`] : []),
      ...keepFullRange,
    ];
    if (scale.length > 0) main.push(`scale=${scale.join(':')}`);
    // Captions are drawn for square pixels; the output must not inherit an anamorphic SAR.
    main.push('format=yuv420p', 'setsar=1');
  }

  if (!g.overlay) return `[0:${g.videoIndex}]${[...main, ...afterOverlay].join(',')}[vout]`;

  // Chromium's PNGs are straight-alpha sRGB. Converting them to YUV must use the matrix and range
  // of the video they land on: swscale's default (BT.601, limited) turns pure red into
  // (255,24,0) once a BT.709 player decodes it.
  const caption = [
    'format=rgba',
    `scale=out_color_matrix=${g.color.matrix}:out_range=${g.color.range}`,
    'format=yuva420p',
  ];
  const { x, y } = g.overlay;
  const overlay =
    g.hw.composite === 'cuda'
      ? `overlay_cuda=x=${x}:y=${y}:eof_action=repeat`
      : `overlay=x=${x}:y=${y}:format=yuv420:eof_action=repeat`;
  // hwupload (not hwupload_cuda, which opens a CUDA context of its own) puts the caption on the
  // device named by -filter_hw_device, which the decoder and the CUDA filters share.
  if (g.hw.composite === 'cuda') caption.push('hwupload');
  return [
    `[0:${g.videoIndex}]${main.join(',')}[main]`,
    `[1:0]${caption.join(',')}[caption]`,
    `[main][caption]${[overlay, ...afterOverlay].join(',')}[vout]`,
  ].join(';');
}

/** Splits the final frames into the video and a sparse, small preview stream `[vpreview]`. */
function withPreview(
  graph: string,
  preview: BuildCompositeCommandOptions['preview'],
  frames: 'cpu' | 'cuda',
): string {
  if (!preview) return graph;
  const every = preview.everySec ?? 2;
  const width = preview.width ?? 320;
  if (!(every > 0) || !(width >= 16))
    throw invalid('preview needs everySec > 0 and width >= 16', { preview });
  const last = graph.lastIndexOf('[vout]');
  const download = frames === 'cuda' ? 'hwdownload,format=yuv420p,' : '';
  return `${graph.slice(0, last)}[vfinal];[vfinal]split=2[vout][vp];[vp]fps=1/${every},${download}scale=${width - (width % 2)}:-2[vpreview]`;
}

/** 1/T with T the least common multiple of the frame rate's numerator and 1000. */
function millisecondGrid(fps: Rational): number {
  const divisor = gcd(fps.num, fps.den);
  const num = fps.num / divisor;
  return (num / gcd(num, 1000)) * 1000;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function effectiveHw(options: BuildCompositeCommandOptions, notes: string[]): HwOptions {
  const requested = options.hw ?? { decode: 'cpu', composite: 'cpu' };
  const video = options.source.info.video;
  let decode = requested.decode;
  if (decode === 'cuda') {
    const reason =
      video.rotation !== 0
        ? `it is rotated ${video.rotation}° (FFmpeg's autorotate filters run on the CPU)`
        : !CUDA_DECODE_CODECS.has(video.codec)
          ? `NVDEC does not decode ${video.codec}`
          : !CUDA_DECODE_PIX_FMTS.has(video.pixFmt)
            ? `its pixel format ${video.pixFmt} is not 8-bit 4:2:0`
            : undefined;
    if (reason) {
      decode = 'cpu';
      notes.push(`CUDA decoding not used for this source because ${reason}; decoding on the CPU`);
    }
  }
  return { decode, composite: requested.composite };
}

function validate(options: BuildCompositeCommandOptions): void {
  const { output, overlay, source } = options;
  const evenPositive = (n: number): boolean => Number.isInteger(n) && n > 0 && n % 2 === 0;
  if (!evenPositive(output.width) || !evenPositive(output.height)) {
    throw invalid(`Output size must be even, got ${output.width}x${output.height}`, {
      width: output.width,
      height: output.height,
    });
  }
  const { num, den } = output.fps;
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num <= 0 || den <= 0) {
    throw invalid(`Output fps must be a positive rational, got ${num}/${den}`, { num, den });
  }
  if ((source.startSec ?? 0) < 0) {
    throw invalid(`startSec must not be negative, got ${source.startSec}`, {
      startSec: source.startSec,
    });
  }
  if (overlay) {
    const { x, y, width, height } = overlay;
    const evenNonNegative = (n: number): boolean => Number.isInteger(n) && n >= 0 && n % 2 === 0;
    if (
      !evenNonNegative(x) ||
      !evenNonNegative(y) ||
      !evenPositive(width) ||
      !evenPositive(height)
    ) {
      // Odd positions or sizes would straddle 4:2:0 chroma samples and smear caption edges.
      throw invalid(`Overlay position and size must be even, got ${width}x${height}+${x}+${y}`, {
        ...overlay,
      });
    }
    if (x + width > output.width || y + height > output.height) {
      throw invalid(
        `Overlay ${width}x${height}+${x}+${y} does not fit in ${output.width}x${output.height}`,
        { ...overlay, outputWidth: output.width, outputHeight: output.height },
      );
    }
  }
}

function invalid(message: string, details: Record<string, unknown>): EcgError {
  return new EcgError('INVALID_OPTIONS', message, { details });
}

/** `+0.004167` / `-0.016667`: a signed seconds term for a setpts expression. */
function signed(seconds: number): string {
  const text = formatSeconds(Math.abs(seconds));
  return seconds < 0 ? `-${text}` : `+${text}`;
}
