import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EcgError } from '@ecg-render/errors';
import { fileUrl } from './file-url.js';
import { runProcess, type ProcessResult } from './run-process.js';
import { toUnavailableError } from './to-unavailable-error.js';
import type { EncoderName } from './types.js';

export interface DetectCapabilitiesOptions {
  /** Default `ffmpeg` (PATH). */
  ffmpegPath?: string;
  /** Default `ffprobe` (PATH). */
  ffprobePath?: string;
  /** Default `nvidia-smi` (PATH); its absence just means no GPU is reported. */
  nvidiaSmiPath?: string;
  signal?: AbortSignal;
  /** Limit for each trial run. Default 30 s (x265 on a busy 2-core machine is the slowest). */
  trialTimeoutMs?: number;
  /** Where the tiny CUDA decode test clip is written (and removed). Default the OS temp folder. */
  tempDir?: string;
}

export interface EncoderCapability {
  /** FFmpeg was built with it (`ffmpeg -encoders`). */
  listed: boolean;
  /** A one-second trial encode succeeded. */
  works: boolean;
  /** Why the trial failed (FFmpeg's own words), when it did. */
  error?: string;
  /** Why no trial was run at all (e.g. no NVIDIA device on the machine); works is then false. */
  skipped?: string;
}

export interface Capabilities {
  ffmpegVersion: string;
  /** null when ffprobe could not be run. */
  ffprobeVersion: string | null;
  encoders: Record<EncoderName, EncoderCapability>;
  /** `ffmpeg -hwaccels`, e.g. `['vdpau', 'cuda', 'vaapi', …]`: built in, not necessarily usable. */
  hwaccels: string[];
  cuda: {
    /** An H.264 clip decoded with `-hwaccel cuda` into GPU frames. */
    decode: boolean;
    /**
     * Each proven by a trial graph on the shared CUDA device. `hwupload_cuda` reports uploading
     * system frames to CUDA, which the composite does with `hwupload` onto the device named by
     * `-filter_hw_device` (one CUDA context for decoder, uploads and filters).
     */
    filters: { overlay_cuda: boolean; scale_cuda: boolean; hwupload_cuda: boolean };
    /** The first failure seen, e.g. `Cannot load libcuda.so.1`. */
    error?: string;
  };
  gpu: { present: boolean; name?: string; memoryMiB?: number };
}

const ENCODERS: readonly EncoderName[] = ['libx264', 'libx265', 'h264_nvenc', 'hevc_nvenc'];
const TRIAL_SOURCE = ['-f', 'lavfi', '-i', 'testsrc2=size=256x144:rate=30'];
const CUDA_INIT = ['-init_hw_device', 'cuda=ecg:0', '-filter_hw_device', 'ecg'];

/**
 * What this machine's FFmpeg can really do, proven by trial runs rather than read from build
 * flags: Debian's FFmpeg lists h264_nvenc and the CUDA filters everywhere, and they fail at run
 * time without an NVIDIA driver — or, for NVENC, on GPUs without an encoder (A100, H100, H200).
 * Never throws for a missing GPU; throws `FFMPEG_UNAVAILABLE` when FFmpeg itself cannot be run.
 * Caches nothing: callers decide how long a report stays true.
 */
export async function detectCapabilities(
  options: DetectCapabilitiesOptions = {},
): Promise<Capabilities> {
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  const { signal } = options;
  const timeoutMs = options.trialTimeoutMs ?? 30_000;
  const run = (args: readonly string[]): Promise<ProcessResult> =>
    runTrial({ command: ffmpeg, args, signal, timeoutMs });

  // First call proves FFmpeg runs at all; its failure is the one thing we throw for.
  let versionRun: ProcessResult;
  try {
    versionRun = await runProcess({ command: ffmpeg, args: ['-hide_banner', '-version'], signal });
  } catch (error) {
    throw toUnavailableError(error, ffmpeg);
  }
  if (versionRun.exitCode !== 0) {
    throw new EcgError('FFMPEG_UNAVAILABLE', `${ffmpeg} -version failed`, {
      details: { stderrTail: versionRun.stderrTail },
    });
  }

  const tempDir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'ecg-caps-'));
  try {
    const [ffprobeVersion, encoderList, hwaccelList, gpu] = await Promise.all([
      toolVersion(options.ffprobePath ?? 'ffprobe', signal),
      run(['-hide_banner', '-encoders']),
      run(['-hide_banner', '-hwaccels']),
      queryGpu(options.nvidiaSmiPath ?? 'nvidia-smi', signal, timeoutMs),
    ]);
    const listedEncoders = new Set(
      encoderList.stdout
        .split('\n')
        .map((line) => /^\s*V\S*\s+(\S+)/.exec(line)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    const hwaccels = hwaccelList.stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.endsWith(':'));

    const clip = join(tempDir, 'clip.mp4');
    const [encoderResults, cuda] = await Promise.all([
      Promise.all(
        ENCODERS.map(async (encoder): Promise<[EncoderName, EncoderCapability]> => {
          if (!listedEncoders.has(encoder)) return [encoder, { listed: false, works: false }];
          const result = await run(encoderTrialArgs(encoder));
          return [encoder, { listed: true, ...verdict(result) }];
        }),
      ),
      hwaccels.includes('cuda')
        ? cudaTrials(run, clip)
        : Promise.resolve({
            decode: false,
            filters: { overlay_cuda: false, scale_cuda: false, hwupload_cuda: false },
            error: 'FFmpeg was built without the cuda hwaccel',
          }),
    ]);

    return {
      ffmpegVersion: versionLine(versionRun.stdout),
      ffprobeVersion,
      encoders: Object.fromEntries(encoderResults) as Record<EncoderName, EncoderCapability>,
      hwaccels,
      cuda,
      gpu,
    };
  } finally {
    await rm(tempDir, { recursive: true, force: true });
  }
}

function encoderTrialArgs(encoder: EncoderName): string[] {
  const quiet = encoder === 'libx265' ? ['-x265-params', 'log-level=error'] : [];
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    ...TRIAL_SOURCE,
    '-t',
    '1',
    '-c:v',
    encoder,
    ...quiet,
    '-pix_fmt',
    'yuv420p',
    '-f',
    'null',
    '-',
  ];
}

async function cudaTrials(
  run: (args: readonly string[]) => Promise<ProcessResult>,
  clip: string,
): Promise<Capabilities['cuda']> {
  const base = ['-hide_banner', '-nostdin', '-v', 'error'];
  const graphTrial = (graph: string, extraInputs: string[] = []): Promise<ProcessResult> =>
    run([
      ...base,
      ...CUDA_INIT,
      ...TRIAL_SOURCE,
      ...extraInputs,
      '-t',
      '0.2',
      '-filter_complex',
      graph,
      '-f',
      'null',
      '-',
    ]);

  const makeClip = run([
    ...base,
    '-y',
    ...TRIAL_SOURCE,
    '-t',
    '0.5',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    fileUrl(clip),
  ]);
  const [upload, scale, overlay, clipMade] = await Promise.all([
    graphTrial('[0:v]format=yuv420p,hwupload,hwdownload,format=yuv420p'),
    graphTrial(
      '[0:v]format=yuv420p,hwupload,scale_cuda=w=128:h=72:format=yuv420p,hwdownload,format=yuv420p',
    ),
    graphTrial(
      '[0:v]format=yuv420p,hwupload[m];[1:v]format=yuva420p,hwupload[o];' +
        '[m][o]overlay_cuda=x=16:y=16:eof_action=repeat,hwdownload,format=yuv420p',
      ['-f', 'lavfi', '-i', 'color=c=red@0.5:size=64x32:rate=30,format=rgba'],
    ),
    makeClip,
  ]);
  // hwdownload refuses software frames, so this fails (rather than silently decoding on the
  // CPU, which is what -hwaccel does when CUDA is missing) unless NVDEC really produced the frames.
  const decode =
    clipMade.exitCode === 0
      ? await run([
          ...base,
          ...CUDA_INIT,
          '-hwaccel',
          'cuda',
          '-hwaccel_device',
          'ecg',
          '-hwaccel_output_format',
          'cuda',
          '-i',
          fileUrl(clip),
          '-vf',
          'hwdownload,format=nv12',
          '-f',
          'null',
          '-',
        ])
      : clipMade;

  const results = [decode, upload, scale, overlay].map(verdict);
  const error = results.find((r) => !r.works)?.error;
  const cuda: Capabilities['cuda'] = {
    decode: results[0]?.works ?? false,
    filters: {
      hwupload_cuda: results[1]?.works ?? false,
      scale_cuda: results[2]?.works ?? false,
      overlay_cuda: results[3]?.works ?? false,
    },
  };
  if (error !== undefined) cuda.error = error;
  return cuda;
}

async function queryGpu(
  command: string,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<Capabilities['gpu']> {
  let result: ProcessResult;
  try {
    result = await runTrial({
      command,
      args: ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'],
      signal,
      timeoutMs,
    });
  } catch (error) {
    if (error instanceof EcgError && error.code === 'CANCELLED') throw error;
    return { present: false }; // no nvidia-smi: no NVIDIA driver
  }
  const first = result.stdout.split('\n')[0]?.trim() ?? '';
  const match = /^(.*),\s*(\d+)\s*$/.exec(first);
  if (result.exitCode !== 0 || !match?.[1]) return { present: false };
  return { present: true, name: match[1].trim(), memoryMiB: Number(match[2]) };
}

async function toolVersion(command: string, signal?: AbortSignal): Promise<string | null> {
  try {
    const result = await runProcess({ command, args: ['-hide_banner', '-version'], signal });
    return result.exitCode === 0 ? versionLine(result.stdout) : null;
  } catch (error) {
    if (error instanceof EcgError && error.code === 'CANCELLED') throw error;
    return null;
  }
}

/** `ffmpeg version 5.1.9-0+deb12u1 Copyright …` → `5.1.9-0+deb12u1`. */
function versionLine(stdout: string): string {
  const first = stdout.split('\n')[0] ?? '';
  return /version (\S+)/.exec(first)?.[1] ?? first.trim();
}

/**
 * One trial run with its own timeout. A timeout is a failed trial (exit code null); only the
 * caller's own signal cancels the whole detection.
 */
async function runTrial(options: {
  command: string;
  args: readonly string[];
  signal: AbortSignal | undefined;
  timeoutMs: number;
}): Promise<ProcessResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  try {
    return await runProcess({ command: options.command, args: options.args, signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (timeout.aborted) {
      return {
        exitCode: null,
        exitSignal: 'SIGKILL',
        stdout: '',
        stdoutTruncated: false,
        stderrTail: `timed out after ${options.timeoutMs} ms`,
      };
    }
    throw error;
  }
}

/** Works or not, and FFmpeg's most specific complaint: the first `[component @ 0x…] …` line. */
function verdict(result: ProcessResult): { works: boolean; error?: string } {
  if (result.exitCode === 0) return { works: true };
  const lines = result.stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const specific = lines
    .map((line) => /^\[[^\]]+ @ 0x[0-9a-f]+\]\s*(.+)$/i.exec(line)?.[1])
    .find((line) => line !== undefined);
  return { works: false, error: specific ?? lines[lines.length - 1] ?? 'failed without a message' };
}
