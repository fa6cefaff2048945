import { randomBytes } from 'node:crypto';
import { access, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { EcgError, toEcgError } from '@ecg-render/errors';
import {
  buildCompositeCommand,
  chooseEncoder,
  probeMedia,
  runFfmpeg,
  sourceColor,
  type Capabilities,
  type Container,
  type EncoderName,
  type HwStage,
  type MediaInfo,
  type ProbeLimits,
  type Rational,
} from '@ecg-render/ffmpeg';
import {
  buildFrameTable,
  DEFAULT_RENDER_SEED,
  type FontAsset,
  type InitResult,
} from '@ecg-render/page';
import {
  builtinPlugins,
  readPluginDirectory,
  resolvePlugins,
  type PluginPackage,
} from '@ecg-render/plugins';
import {
  captureFrames,
  cropBox,
  encodePng,
  findChromium,
  launchBrowser,
  openCaptureSession,
  planFrames,
  pluginRefs,
  type Browser,
  type CaptureMode,
  type CaptureSession,
} from '@ecg-render/render';
import {
  assetOrigin,
  declaredAssetsOf,
  fontAssetSources,
  normalizeScenario,
  pluginNamesOf,
  scenarioEndTime,
  type Scenario,
  type ScenarioWarning,
} from '@ecg-render/scenario';
import { startMemorySampler } from './memory-sampler.js';
import { createOverlayWriter } from './overlay-writer.js';

export interface RenderProgress {
  phase: 'prepare' | 'render' | 'finalize';
  /** Output frames encoded so far. */
  frame: number;
  frames: number;
  /** Encoded frames per second, smoothed. */
  fps: number;
  etaSec: number | null;
}

export interface RenderWarning {
  code: string;
  message: string;
  path?: string;
}

export interface RenderVideoOptions {
  /** Local source video file. */
  source: string;
  /** The scenario (parsed JSON). */
  scenario: unknown;
  /** Folder relative asset paths in the scenario are resolved against (`assets/...`). */
  scenarioDir?: string;
  /** Final output path; written under a temporary name and renamed when complete. */
  output: string;
  encoder?: 'auto' | EncoderName;
  crf?: number;
  preset?: string;
  /** Output size; default the source's display size. Both or neither; even. */
  width?: number;
  height?: number;
  /** Output frame rate; default the source's. */
  fps?: Rational;
  /** Render only this part of the source (seconds of source time). */
  range?: { startSec?: number; endSec?: number };
  /**
   * Render exactly these frames of the output grid (frame k starts at k/fps): what a segment of a
   * split job renders. Exclusive with `range`.
   */
  frames?: { first: number; count: number };
  /**
   * Extra plugin folders (`name@version` packages). Our own set still wins every name it has
   * (packages/plugins resolvePlugins); a folder's package is used for a name, or a version, ours lacks.
   */
  pluginDirs?: string[];
  /** Already-fetched plugin packages (a job's pinned registry packages); searched like pluginDirs. */
  pluginPackages?: PluginPackage[];
  /** Capture pages running in parallel (each its own Chromium). Default: half the cores, 1–4. */
  workers?: number;
  captureMode?: CaptureMode | 'auto';
  chromiumPath?: string;
  ffmpegPath?: string;
  ffprobePath?: string;
  /** Encoder/GPU report; detected (and cached by the caller) when absent and needed. */
  capabilities?: Pick<Capabilities, 'encoders'>;
  hw?: { decode: HwStage; composite: HwStage };
  audio?: 'auto' | 'none';
  /** Keep a small JPEG of the latest rendered frame here while rendering (see buildCompositeCommand). */
  preview?: { path: string; everySec?: number; width?: number };
  seed?: string;
  limits?: ProbeLimits;
  /** Refuse to overwrite an existing output. Default false (overwrite). */
  noOverwrite?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: RenderProgress) => void;
  /** One-line notices for the log (encoder choice, fallbacks). */
  onLog?: (line: string) => void;
}

export interface RenderSummary {
  output: string;
  /** Frames in the output. */
  frames: number;
  width: number;
  height: number;
  fps: Rational;
  durationSec: number;
  /** Overlay frames captured in Chromium. */
  captured: number;
  /** Frames with captions that reused an earlier capture. */
  reused: number;
  /** Frames with nothing to show (no capture, no overlay work). */
  skipped: number;
  /** The caption region captured, in output pixels (null: no captions at all). */
  crop: { x: number; y: number; width: number; height: number } | null;
  encoder: EncoderName;
  encoderReason: string;
  captureMode: CaptureMode;
  workers: number;
  wallSec: number;
  /** Peak PSS of this process, FFmpeg and Chromium together, in bytes. */
  peakMemoryBytes: number;
  /** Seconds spent in each phase: probe + validation, browsers + pages, measuring the caption
   *  region, capture + encode (concurrent), and waiting for FFmpeg after the last capture. */
  timings: { prepare: number; pages: number; measure: number; render: number; drain: number };
  warnings: RenderWarning[];
}

const CONTAINERS: Record<string, Container> = {
  '.mp4': 'mp4',
  '.m4v': 'mp4',
  '.mov': 'mov',
  '.mkv': 'mkv',
  '.webm': 'webm',
};

function invalidOptions(message: string, details: Record<string, unknown> = {}): EcgError {
  return new EcgError('INVALID_OPTIONS', message, { details });
}

function checkOptions(options: RenderVideoOptions): Container {
  const container = CONTAINERS[extname(options.output).toLowerCase()];
  if (!container) {
    throw invalidOptions(
      `Output ${options.output}: unsupported extension (use .mp4, .mov, .mkv or .webm)`,
      {
        output: options.output,
      },
    );
  }
  if (
    options.crf !== undefined &&
    (!Number.isFinite(options.crf) || options.crf < 0 || options.crf > 51)
  ) {
    throw invalidOptions(`crf must be between 0 and 51, got ${options.crf}`);
  }
  if ((options.width === undefined) !== (options.height === undefined)) {
    throw invalidOptions('Give both width and height, or neither');
  }
  for (const key of ['width', 'height'] as const) {
    const value = options[key];
    if (
      value !== undefined &&
      (!Number.isInteger(value) || value < 16 || value > 8192 || value % 2 !== 0)
    ) {
      throw invalidOptions(
        `${key} must be an even whole number of pixels between 16 and 8192, got ${value}`,
      );
    }
  }
  if (
    options.fps &&
    !(options.fps.num > 0 && options.fps.den > 0 && options.fps.num / options.fps.den <= 240)
  ) {
    throw invalidOptions(`fps must be a positive rate up to 240`);
  }
  const { range, frames } = options;
  if (frames) {
    if (range) throw invalidOptions('Give a time range or a frame range, not both');
    if (
      !Number.isInteger(frames.first) ||
      frames.first < 0 ||
      !Number.isInteger(frames.count) ||
      frames.count < 1
    ) {
      throw invalidOptions(`Frame range ${frames.first}+${frames.count} is not whole frames`);
    }
  }
  if (range) {
    const start = range.startSec ?? 0;
    if (!(start >= 0) || (range.endSec !== undefined && !(range.endSec > start))) {
      throw invalidOptions(`Time range ${start}–${range.endSec ?? 'end'} is empty or negative`);
    }
  }
  if (
    options.workers !== undefined &&
    !(Number.isInteger(options.workers) && options.workers >= 1 && options.workers <= 16)
  ) {
    throw invalidOptions(`workers must be between 1 and 16, got ${options.workers}`);
  }
  return container;
}

function defaultWorkers(): number {
  return Math.max(1, Math.min(4, Math.floor(availableParallelism() / 2)));
}

/**
 * Fonts the scenario embeds (data: URIs, handed to the page as they are) or ships next to it
 * (served from the scenario's folder); remote assets are refused (no network at render time).
 */
async function scenarioAssets(
  options: RenderVideoOptions,
  resolved: Scenario,
  warnings: RenderWarning[],
) {
  const fonts: FontAsset[] = [];
  const mounts: Record<string, string> = {};
  const dir = options.scenarioDir ? resolve(options.scenarioDir) : null;
  if (dir) mounts['/assets/'] = join(dir, 'assets');
  for (const asset of declaredAssetsOf(resolved)) {
    if (asset.type !== 'font' && assetOrigin(asset.source) === 'remote') {
      warnings.push({
        code: 'ASSET_NOT_ALLOWED',
        message: `define.${asset.key}: remote ${asset.type} ${asset.source} will not be loaded`,
        path: `$.define.${asset.key}`,
      });
    }
  }
  for (const font of fontAssetSources(resolved, { files: dir !== null })) {
    if (font.origin === 'embedded') {
      fonts.push({ family: font.family, url: font.url });
      continue;
    }
    const path = `$.define.${font.key}`;
    if (!dir || isAbsolute(font.path) || font.path.includes('..')) {
      throw new EcgError(
        'ASSET_NOT_FOUND',
        `define.${font.key}: font ${font.path} must be a path inside the scenario's folder`,
        { details: { path } },
      );
    }
    const file = join(dir, font.path);
    try {
      await access(file);
    } catch {
      throw new EcgError('ASSET_NOT_FOUND', `define.${font.key}: font file ${file} not found`, {
        details: { path, file },
      });
    }
    const prefix = `/scenario-assets/${font.key}/`;
    mounts[prefix] = dirname(file);
    fonts.push({ family: font.family, url: `${prefix}${encodeURIComponent(basename(file))}` });
  }
  return { fonts, mounts };
}

interface Geometry {
  width: number;
  height: number;
  fps: Rational;
  startSec: number;
  frameCount: number;
  durationSec: number;
}

function outputGeometry(info: MediaInfo, options: RenderVideoOptions): Geometry {
  const video = info.video;
  const width = options.width ?? video.displayWidth - (video.displayWidth % 2);
  const height = options.height ?? video.displayHeight - (video.displayHeight % 2);
  // A variable-frame-rate source is rendered at its average rate, on a constant grid.
  const fps = options.fps ?? (video.isVfr ? video.avgFps : video.fps);
  const rate = fps.num / fps.den;
  const sourceDuration = video.durationSec > 0 ? video.durationSec : info.durationSec;
  if (options.frames) {
    const total =
      !options.fps && !video.isVfr && video.frameCount > 0
        ? video.frameCount
        : Math.round(sourceDuration * rate);
    const { first, count } = options.frames;
    if (first + count > total) {
      throw invalidOptions(
        `Frames ${first}–${first + count - 1} run past the video's ${total} frames`,
      );
    }
    return {
      width,
      height,
      fps,
      startSec: first / rate,
      frameCount: count,
      durationSec: count / rate,
    };
  }
  const startSec = options.range?.startSec ?? 0;
  if (startSec >= sourceDuration) {
    throw invalidOptions(
      `The range starts at ${startSec} s, after the video ends (${sourceDuration.toFixed(3)} s)`,
    );
  }
  const endSec = Math.min(options.range?.endSec ?? sourceDuration, sourceDuration);
  const sameGrid = !options.fps && !video.isVfr && startSec === 0 && endSec === sourceDuration;
  const frameCount =
    sameGrid && video.frameCount > 0
      ? video.frameCount
      : Math.max(1, Math.round((endSec - startSec) * rate));
  return { width, height, fps, startSec, frameCount, durationSec: frameCount / rate };
}

/**
 * Renders one captioned video: probe → validate → plan → capture overlay frames in Chromium →
 * one FFmpeg process decoding, overlaying and encoding → rename into place. Everything it starts
 * (Chromium, FFmpeg, temporary files) is released in `finally`, also on failure and cancellation.
 */
export async function renderVideo(options: RenderVideoOptions): Promise<RenderSummary> {
  const started = performance.now();
  const container = checkOptions(options);
  const signal = options.signal;
  const log = options.onLog ?? (() => undefined);
  const warnings: RenderWarning[] = [];
  const outputPath = resolve(options.output);
  if (options.noOverwrite) {
    const exists = await access(outputPath).then(
      () => true,
      () => false,
    );
    if (exists) throw invalidOptions(`Output ${outputPath} already exists`);
  }

  const executable = findChromium({
    ...(options.chromiumPath ? { path: options.chromiumPath } : {}),
    mode: options.captureMode ?? 'auto',
  });
  const workers = options.workers ?? defaultWorkers();
  const temp = join(
    dirname(outputPath),
    `.${basename(outputPath)}.${randomBytes(4).toString('hex')}.partial${extname(outputPath)}`,
  );
  const browsers: Browser[] = [];
  const sessions: CaptureSession[] = [];
  let ffmpegPid: number | undefined;
  const memory = startMemorySampler({
    pids: () => (ffmpegPid ? [ffmpegPid] : []),
    groups: () => browsers.map((b) => b.pid),
  });
  const abort = new AbortController();
  const onAbort = () => abort.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let succeeded = false;
  const mark = { start: started, pages: 0, measure: 0, render: 0, drain: 0 };
  // Chromium starts while the inputs are checked (it takes about as long as probing); each
  // browser gets one page, since BeginFrame allows one page per browser.
  const launching = Promise.allSettled(
    Array.from({ length: workers }, () => launchBrowser({ executable, signal: abort.signal })),
  ).then((results) => {
    for (const result of results) if (result.status === 'fulfilled') browsers.push(result.value);
    return results;
  });

  try {
    const info = await probeMedia({
      path: options.source,
      checkDecode: true,
      ...(options.ffprobePath ? { ffprobePath: options.ffprobePath } : {}),
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(signal ? { signal } : {}),
    });
    const normalized = normalizeScenario(options.scenario);
    warnings.push(...normalized.warnings.map((w: ScenarioWarning) => ({ ...w })));
    const geometry = outputGeometry(info, options);

    const sources: PluginPackage[][] = [];
    if (options.pluginPackages) sources.push(options.pluginPackages);
    for (const dir of options.pluginDirs ?? []) sources.push(await readPluginDirectory(dir));
    const packages = resolvePlugins({
      names: pluginNamesOf(normalized.resolved),
      sources,
      builtins: await builtinPlugins(),
    });
    const plugins = pluginRefs(packages);
    const assets = await scenarioAssets(options, normalized.resolved, warnings);

    const end = geometry.startSec + geometry.durationSec;
    const captionsEnd = scenarioEndTime(normalized.resolved);
    if (captionsEnd > end + 1e-6) {
      warnings.push({
        code: 'CAPTIONS_PAST_END',
        message: `Captions continue to ${captionsEnd.toFixed(3)} s but the ${options.range ? 'range' : 'video'} ends at ${end.toFixed(3)} s; they are cut off there (the output keeps the video's length)`,
      });
    }

    const capabilities = options.capabilities ?? (await encoderCapabilities());
    const choice = chooseEncoder({ requested: options.encoder ?? 'auto', capabilities });
    log(`encoder: ${choice.encoder} (${choice.reason})`);
    mark.pages = performance.now();
    options.onProgress?.({
      phase: 'prepare',
      frame: 0,
      frames: geometry.frameCount,
      fps: 0,
      etaSec: null,
    });
    const seed = options.seed ?? DEFAULT_RENDER_SEED;
    const launched = await launching;
    const failedLaunch = launched.find((r) => r.status === 'rejected');
    if (failedLaunch) throw failedLaunch.reason;
    const frameRate = geometry.fps.num / geometry.fps.den;
    // Caption time is source time: output frame j of a range starting at source frame k0 shows
    // the captions of frame k0 + j. The page works in those absolute frames.
    const firstFrame = Math.round(geometry.startSec * frameRate);
    const request = {
      scenario: normalized.scenario,
      width: geometry.width,
      height: geometry.height,
      fps: geometry.fps,
      seed,
      plugins: plugins.refs,
      fonts: assets.fonts,
      firstFrame,
      frameCount: geometry.frameCount,
    };
    const inits: InitResult[] = await Promise.all(
      browsers.map(async (browser) => {
        const session = await openCaptureSession({
          browser,
          width: geometry.width,
          height: geometry.height,
          origin: { mounts: { ...plugins.mounts, ...assets.mounts } },
        });
        sessions.push(session);
        return session.init(request);
      }),
    );
    const init = inits[0]!;
    warnings.push(...init.warnings);

    const table = buildFrameTable({
      timeline: init.timeline,
      fps: geometry.fps,
      frameCount: geometry.frameCount,
      firstFrame,
    });
    const plan = planFrames({ table });

    mark.measure = performance.now();
    let crop: RenderSummary['crop'] = null;
    if (plan.captures.length > 0) {
      const content = await sessions[0]!.measure(plan.measureFrames);
      if (content) crop = cropBox({ content, width: geometry.width, height: geometry.height });
    }
    if (crop) await Promise.all(sessions.map((s) => s.setCrop(crop)));

    const command = buildCompositeCommand({
      source: {
        path: info.path,
        info,
        startSec: geometry.startSec,
        durationSec: geometry.durationSec,
      },
      overlay: crop,
      output: {
        path: temp,
        container,
        width: geometry.width,
        height: geometry.height,
        fps: geometry.fps,
      },
      encoder: {
        encoder: choice.encoder,
        ...(options.crf !== undefined ? { crf: options.crf } : {}),
        ...(options.preset ? { preset: options.preset as never } : {}),
      },
      color: sourceColor(info),
      ...(options.hw ? { hw: options.hw } : {}),
      audio: options.audio ?? 'auto',
      progress: true,
      ...(options.preview ? { preview: options.preview } : {}),
    });
    for (const note of command.notes) log(note);
    mark.render = performance.now();

    let lastFrame = 0;
    let rate = 0;
    let lastReport = performance.now();
    let lastReportFrame = 0;
    const run = runFfmpeg({
      args: command.args,
      ...(options.ffmpegPath ? { ffmpegPath: options.ffmpegPath } : {}),
      signal: abort.signal,
      stdin: crop !== null,
      onProgress: (progress) => {
        const now = performance.now();
        lastFrame = Math.min(progress.frame, geometry.frameCount);
        if (now - lastReport >= 400) {
          const instant = ((lastFrame - lastReportFrame) * 1000) / (now - lastReport);
          rate = rate === 0 ? instant : rate * 0.7 + instant * 0.3;
          lastReport = now;
          lastReportFrame = lastFrame;
        }
        options.onProgress?.({
          phase: 'render',
          frame: lastFrame,
          frames: geometry.frameCount,
          fps: rate,
          etaSec: rate > 0 ? (geometry.frameCount - lastFrame) / rate : null,
        });
      },
    });
    ffmpegPid = run.pid;
    // If FFmpeg dies, stop capturing at once and report FFmpeg's reason.
    const ffmpegDone = run.done.then(
      () => undefined,
      (error: unknown) => {
        abort.abort(error);
        throw error;
      },
    );
    ffmpegDone.catch(() => undefined);

    let stats = { captured: 0, unplanned: 0, duplicates: 0 };
    if (crop && run.stdin) {
      const writer = createOverlayWriter({
        stream: run.stdin,
        width: crop.width,
        height: crop.height,
        fps: geometry.fps,
        firstMainPts: command.firstMainPts,
        frameCount: geometry.frameCount,
        transparent: encodePng({ width: crop.width, height: crop.height }),
      });
      try {
        stats = await captureFrames({
          sessions,
          plan,
          table,
          emit: (change) => writer.write(change),
          signal: abort.signal,
        });
        await writer.finish();
      } catch (error) {
        run.stdin.destroy();
        // FFmpeg's own failure explains more than the broken pipe it caused.
        await ffmpegDone;
        throw error;
      }
    }
    // Chromium is no longer needed while FFmpeg finishes encoding.
    mark.drain = performance.now();
    await closeAll(sessions, browsers);
    await ffmpegDone;
    options.onProgress?.({
      phase: 'finalize',
      frame: geometry.frameCount,
      frames: geometry.frameCount,
      fps: rate,
      etaSec: 0,
    });
    await rename(temp, outputPath);
    succeeded = true;
    for (const session of sessions) {
      for (const url of session.blockedRequests()) {
        warnings.push({
          code: 'ASSET_NOT_ALLOWED',
          message: `The page tried to load ${url}; renders never use the network`,
        });
      }
    }
    memory.stop();
    const visible = geometry.frameCount - plan.empty;
    return {
      output: outputPath,
      frames: geometry.frameCount,
      width: geometry.width,
      height: geometry.height,
      fps: geometry.fps,
      durationSec: geometry.durationSec,
      captured: stats.captured,
      reused: Math.max(0, visible - stats.captured),
      skipped: plan.empty,
      crop,
      encoder: choice.encoder,
      encoderReason: choice.reason,
      captureMode: executable.mode,
      workers,
      wallSec: (performance.now() - started) / 1000,
      peakMemoryBytes: memory.peakBytes(),
      timings: {
        prepare: (mark.pages - mark.start) / 1000,
        pages: (mark.measure - mark.pages) / 1000,
        measure: (mark.render - mark.measure) / 1000,
        render: (mark.drain - mark.render) / 1000,
        drain: (performance.now() - mark.drain) / 1000,
      },
      warnings: dedupe(warnings),
    };
  } catch (error) {
    if (signal?.aborted)
      throw new EcgError('CANCELLED', 'The render was cancelled', { cause: error });
    throw toEcgError(error);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    abort.abort();
    memory.stop();
    await launching;
    await closeAll(sessions, browsers);
    if (!succeeded) await rm(temp, { force: true });
  }
}

async function closeAll(sessions: CaptureSession[], browsers: Browser[]): Promise<void> {
  await Promise.allSettled(sessions.splice(0).map((s) => s.close()));
  await Promise.allSettled(browsers.splice(0).map((b) => b.close()));
}

function dedupe(warnings: RenderWarning[]): RenderWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code}|${w.path ?? ''}|${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

let detected: Promise<Pick<Capabilities, 'encoders'>> | null = null;

/**
 * What the encoders can do here, for `encoder: 'auto'`. Without an NVIDIA device node NVENC
 * cannot work, so the trial encodes are skipped; with one, they run once per process (a GPU does
 * not come or go while we run) — long-running callers pass their own `capabilities`.
 */
function encoderCapabilities(): Promise<Pick<Capabilities, 'encoders'>> {
  detected ??= (async () => {
    const gpu = await access('/dev/nvidiactl').then(
      () => true,
      () => false,
    );
    if (gpu) {
      const { detectCapabilities } = await import('@ecg-render/ffmpeg');
      return detectCapabilities({});
    }
    const absent = { listed: true, works: false, skipped: 'no NVIDIA GPU on this machine' };
    return {
      encoders: {
        libx264: { listed: true, works: true },
        libx265: { listed: true, works: true },
        h264_nvenc: absent,
        hevc_nvenc: absent,
      },
    };
  })();
  return detected;
}
