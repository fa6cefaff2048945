import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EcgError } from '@ecg-render/errors';
import { renderVideo, type RenderSummary } from '@ecg-render/pipeline';
import { describeError, exitCodeFor, EXIT, UsageError } from '../errors.js';
import { parseFps, parseSize, parseTime } from '../parse-time.js';
import { createProgressBar, formatClock } from '../progress-bar.js';
import { loadCaptions } from '../load-captions.js';

export const RENDER_HELP = `Usage: ecg-render render --scenario FILE --video FILE --output FILE [options]

Burns a MotionText scenario (or a subtitle file) into a video.

Input:
  --scenario FILE        MotionText scenario v2.0 (JSON)
  --subtitles FILE       SRT, WebVTT, ASS/SSA or word-timed JSON instead of a scenario
  --preset NAME          style for --subtitles (clean, boxed, social, karaoke, typewriter)
  --video FILE           source video
  --plugins DIR          folder of plugin packages (name@version/manifest.json, index.mjs);
                         repeatable; built-in names win (name a version they
                         lack, e.g. karaoke@2.0.0, to use yours)
Output:
  --output FILE          .mp4, .mov, .mkv or .webm; written only when complete
  --encoder NAME         auto (default) | libx264 | libx265 | h264_nvenc | hevc_nvenc
  --crf N                quality, 0-51, lower is better (default 23 for H.264, 28 for HEVC)
  --preset-speed NAME    encoder speed preset (default veryfast; NVENC p1-p7)
  --size WxH             output size (default: the source's)
  --fps RATE             output frame rate, e.g. 30, 29.97, 30000/1001 (default: the source's)
  --start TIME           render from this source time ([hh:]mm:ss.sss or seconds)
  --end TIME             render up to this source time
  --no-audio             drop the audio track
Running:
  --workers N            capture pages in parallel (default: half the cores)
  --capture MODE         auto (default) | beginframe | screenshot
  --hw MODE              cpu (default) | cuda (NVDEC decode + CUDA composite where available)
  --seed TEXT            seed for plugins that use randomness (default: fixed)
  --json                 print a machine-readable summary on stdout (no progress bar)
  --quiet                no progress bar or summary
  -h, --help             this help

Exit status: 0 success, 1 the render failed, 2 bad usage, 130 interrupted.`;

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(0)} MB`;
}

function printSummary(summary: RenderSummary, out: NodeJS.WriteStream): void {
  const fps = summary.fps.num / summary.fps.den;
  const lines = [
    `Rendered ${summary.output}`,
    `  video:    ${summary.frames} frames, ${summary.durationSec.toFixed(2)} s, ${summary.width}x${summary.height} @ ${Number(fps.toFixed(3))} fps`,
    `  frames:   ${summary.captured} captured, ${summary.reused} reused, ${summary.skipped} skipped (no captions)`,
    `  captions: ${summary.crop ? `${summary.crop.width}x${summary.crop.height} region at (${summary.crop.x}, ${summary.crop.y})` : 'none'}`,
    `  encoder:  ${summary.encoder} (${summary.encoderReason}); capture: ${summary.captureMode} x ${summary.workers}`,
    `  time:     ${formatClock(summary.wallSec)} wall (${(summary.wallSec / Math.max(0.001, summary.durationSec)).toFixed(2)}x the video's length)`,
    `  memory:   ${mib(summary.peakMemoryBytes)} peak (PSS, all processes)`,
  ];
  for (const warning of summary.warnings)
    lines.push(`  warning:  [${warning.code}] ${warning.message}`);
  out.write(`${lines.join('\n')}\n`);
}

export async function renderCommand(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        subtitles: { type: 'string' },
        preset: { type: 'string' },
        video: { type: 'string' },
        output: { type: 'string', short: 'o' },
        plugins: { type: 'string', multiple: true },
        encoder: { type: 'string' },
        crf: { type: 'string' },
        'preset-speed': { type: 'string' },
        size: { type: 'string' },
        fps: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        'no-audio': { type: 'boolean' },
        workers: { type: 'string' },
        capture: { type: 'string' },
        hw: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${RENDER_HELP}\n`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(`${RENDER_HELP}\n`);
    return EXIT.ok;
  }
  const json = values.json === true;
  const quiet = values.quiet === true || json;
  const controller = new AbortController();
  const interrupt = () => controller.abort(new EcgError('CANCELLED', 'Interrupted'));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const bar = !quiet && process.stderr.isTTY ? createProgressBar(process.stderr) : null;
  try {
    if (!values.video) throw new UsageError('--video is required');
    if (!values.output) throw new UsageError('--output is required');
    if (!values.scenario === !values.subtitles)
      throw new UsageError('Give exactly one of --scenario or --subtitles');
    const encoders = ['auto', 'libx264', 'libx265', 'h264_nvenc', 'hevc_nvenc'];
    if (values.encoder && !encoders.includes(values.encoder)) {
      throw new UsageError(`--encoder must be one of ${encoders.join(', ')}`);
    }
    if (values.capture && !['auto', 'beginframe', 'screenshot'].includes(values.capture)) {
      throw new UsageError('--capture must be auto, beginframe or screenshot');
    }
    if (values.hw && !['cpu', 'cuda'].includes(values.hw))
      throw new UsageError('--hw must be cpu or cuda');
    const numeric = (text: string | undefined, name: string) => {
      if (text === undefined) return undefined;
      const n = Number(text);
      if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number, got "${text}"`);
      return n;
    };
    const captions = await loadCaptions({
      ...(values.scenario ? { scenario: values.scenario } : {}),
      ...(values.subtitles ? { subtitles: values.subtitles } : {}),
      ...(values.preset ? { preset: values.preset } : {}),
    });
    const size = values.size ? parseSize(values.size) : undefined;
    const start = values.start ? parseTime(values.start, '--start') : undefined;
    const end = values.end ? parseTime(values.end, '--end') : undefined;
    const crf = numeric(values.crf, '--crf');
    const workers = numeric(values.workers, '--workers');
    const summary = await renderVideo({
      source: resolve(values.video),
      scenario: captions.scenario,
      scenarioDir: captions.dir,
      output: resolve(values.output),
      ...(values.encoder ? { encoder: values.encoder as never } : {}),
      ...(crf !== undefined ? { crf } : {}),
      ...(values['preset-speed'] ? { preset: values['preset-speed'] } : {}),
      ...(size ?? {}),
      ...(values.fps ? { fps: parseFps(values.fps) } : {}),
      ...(start !== undefined || end !== undefined
        ? {
            range: {
              ...(start !== undefined ? { startSec: start } : {}),
              ...(end !== undefined ? { endSec: end } : {}),
            },
          }
        : {}),
      ...(values.plugins ? { pluginDirs: values.plugins.map((d) => resolve(d)) } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(values.capture ? { captureMode: values.capture as never } : {}),
      ...(values.hw === 'cuda'
        ? { hw: { decode: 'cuda' as const, composite: 'cuda' as const } }
        : {}),
      ...(values['no-audio'] ? { audio: 'none' as const } : {}),
      ...(values.seed ? { seed: values.seed } : {}),
      signal: controller.signal,
      onLog: (line) => {
        if (!quiet) {
          bar?.clear();
          process.stderr.write(`${line}\n`);
        }
      },
      onProgress: (p) => {
        bar?.update({
          label: p.phase,
          done: p.frame,
          total: p.frames,
          fps: p.fps,
          etaSec: p.etaSec,
        });
      },
    });
    bar?.clear();
    for (const warning of captions.warnings) summary.warnings.unshift(warning);
    if (json) process.stdout.write(`${JSON.stringify({ ok: true, ...summary })}\n`);
    else if (!quiet) printSummary(summary, process.stdout);
    return EXIT.ok;
  } catch (error) {
    bar?.clear();
    const described = describeError(error);
    if (json) {
      process.stdout.write(`${JSON.stringify({ ok: false, error: described })}\n`);
    } else {
      process.stderr.write(`error [${described.code}]: ${described.message}\n`);
      if (error instanceof UsageError) process.stderr.write(`\n${RENDER_HELP}\n`);
    }
    return exitCodeFor(error);
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
