import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { detectCapabilities, type Capabilities } from '@ecg-render/ffmpeg';
import {
  checkGlyphs,
  findChromium,
  launchBrowser,
  openCaptureSession,
  type CaptureMode,
} from '@ecg-render/render';
import { describeError, EXIT } from '../errors.js';

const exec = promisify(execFile);

export const DOCTOR_HELP = `Usage: ecg-render doctor [--json]

Checks what this machine can do: FFmpeg and each encoder (by a trial encode), NVIDIA GPU, NVDEC
and CUDA filters, the Chromium used for capture and whether BeginFrame capture works, and fonts
(CJK coverage, by rendering). Exit status 0 when a render can run here, 1 otherwise.`;

interface ChromiumReport {
  path: string;
  mode: CaptureMode;
  version?: string;
  works: boolean;
  msPerFrame?: number;
  error?: string;
}

interface DoctorReport {
  ok: boolean;
  ffmpeg: Capabilities | { error: string };
  chromium: ChromiumReport[];
  fonts: {
    cjkFamilies: Record<string, string[]>;
    koreanGlyphs: { rendered: string[]; missing: string[] } | { error: string };
  };
}

async function checkChromium(mode: CaptureMode): Promise<ChromiumReport | null> {
  let executable;
  try {
    executable = findChromium({ mode });
  } catch {
    return null;
  }
  if (executable.mode !== mode) return null;
  const report: ChromiumReport = { path: executable.path, mode, works: false };
  const browser = await launchBrowser({ executable }).catch((error: unknown) => {
    report.error = describeError(error).message;
    return null;
  });
  if (!browser) return report;
  try {
    report.version = browser.version;
    const size = { width: 1920, height: 300 };
    const session = await openCaptureSession({ browser, ...size, origin: { mounts: {} } });
    await session.init({
      scenario: {
        version: '2.0',
        timebase: { unit: 'seconds' },
        stage: { baseAspect: '16:9' },
        tracks: [
          { id: 't', type: 'free', layer: 1, defaultStyle: { fontSizeRel: 0.2, color: '#fff' } },
        ],
        cues: [
          {
            id: 'c',
            track: 't',
            root: {
              id: 'n',
              eType: 'text',
              text: 'ECG Render 자막',
              displayTime: [0, 10],
              layout: { position: { x: 0.5, y: 0.5 } },
            },
          },
        ],
      },
      ...size,
      fps: { num: 30, den: 1 },
      seed: 'doctor',
      plugins: [],
      fonts: [],
      firstFrame: 0,
      frameCount: 30,
    });
    await session.setCrop({ x: 0, y: 0, ...size });
    await session.goto(0);
    await session.capture();
    const started = performance.now();
    for (let i = 1; i <= 10; i += 1) {
      await session.goto(i);
      await session.capture();
    }
    report.msPerFrame = Math.round(((performance.now() - started) / 10) * 10) / 10;
    report.works = true;
    await session.close();
  } catch (error) {
    report.error = describeError(error).message;
  } finally {
    await browser.close();
  }
  return report;
}

async function cjkFamilies(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const lang of ['ko', 'ja', 'zh-cn']) {
    try {
      const { stdout } = await exec('fc-list', [`:lang=${lang}`, 'family']);
      out[lang] = [
        ...new Set(
          stdout
            .split('\n')
            .map((l) => l.split(',')[0]!.trim())
            .filter(Boolean),
        ),
      ]
        .sort()
        .slice(0, 6);
    } catch {
      out[lang] = [];
    }
  }
  return out;
}

function mark(ok: boolean): string {
  return ok ? 'yes' : 'NO';
}

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(`${DOCTOR_HELP}\n`);
    return EXIT.ok;
  }
  const [ffmpeg, beginframe, screenshot, families] = await Promise.all([
    detectCapabilities({}).catch((error: unknown) => ({ error: describeError(error).message })),
    checkChromium('beginframe'),
    checkChromium('screenshot'),
    cjkFamilies(),
  ]);
  const chromium = [beginframe, screenshot].filter((c): c is ChromiumReport => c !== null);
  let koreanGlyphs: DoctorReport['fonts']['koreanGlyphs'] = { error: 'no working Chromium' };
  const usable = chromium.find((c) => c.works);
  if (usable) {
    const browser = await launchBrowser({ executable: { path: usable.path, mode: usable.mode } });
    try {
      koreanGlyphs = await checkGlyphs({ browser, text: '안녕하세요 자막' });
    } catch (error) {
      koreanGlyphs = { error: describeError(error).message };
    } finally {
      await browser.close();
    }
  }
  const ok = !('error' in ffmpeg) && ffmpeg.encoders.libx264.works && chromium.some((c) => c.works);
  const report: DoctorReport = {
    ok,
    ffmpeg,
    chromium,
    fonts: { cjkFamilies: families, koreanGlyphs },
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return ok ? EXIT.ok : EXIT.failed;
  }
  const lines: string[] = ['ECG Render doctor', ''];
  if ('error' in ffmpeg) lines.push(`FFmpeg       NOT USABLE: ${ffmpeg.error}`);
  else {
    lines.push(
      `FFmpeg       ${ffmpeg.ffmpegVersion} (ffprobe ${ffmpeg.ffprobeVersion ?? 'not found'})`,
    );
    for (const [name, encoder] of Object.entries(ffmpeg.encoders)) {
      lines.push(
        `  ${name.padEnd(11)}${encoder.works ? 'works (trial encode)' : encoder.listed ? `not usable: ${encoder.error ?? 'trial failed'}` : 'not built in'}`,
      );
    }
    lines.push(
      ffmpeg.gpu.present
        ? `GPU          ${ffmpeg.gpu.name ?? 'NVIDIA'}${ffmpeg.gpu.memoryMiB ? `, ${ffmpeg.gpu.memoryMiB} MiB` : ''}`
        : 'GPU          none found (nvidia-smi)',
    );
    lines.push(
      `  NVDEC (cuda decode) ${mark(ffmpeg.cuda.decode)}; overlay_cuda ${mark(ffmpeg.cuda.filters.overlay_cuda)}, scale_cuda ${mark(ffmpeg.cuda.filters.scale_cuda)}, hwupload_cuda ${mark(ffmpeg.cuda.filters.hwupload_cuda)}${ffmpeg.cuda.error ? ` (${ffmpeg.cuda.error})` : ''}`,
    );
  }
  if (chromium.length === 0)
    lines.push('Chromium     NOT FOUND: install chromium-headless-shell (or chromium)');
  for (const c of chromium) {
    lines.push(
      `Chromium     ${c.path} — ${c.version ?? '?'}; ${c.mode === 'beginframe' ? 'BeginFrame capture' : 'screenshot capture'}: ${c.works ? `works, ${c.msPerFrame} ms/frame at 1920x300` : `FAILS: ${c.error}`}`,
    );
  }
  for (const [lang, list] of Object.entries(families)) {
    lines.push(
      `Fonts (${lang.padEnd(5)}) ${list.length ? list.join(', ') : 'NONE (install fonts-noto-cjk)'}`,
    );
  }
  lines.push(
    'error' in koreanGlyphs
      ? `Korean text  not checked: ${koreanGlyphs.error}`
      : `Korean text  ${koreanGlyphs.missing.length === 0 ? 'renders with real glyphs' : `MISSING glyphs for ${koreanGlyphs.missing.join(' ')}`}`,
  );
  lines.push('', ok ? 'Ready to render.' : 'Not ready: see above.');
  process.stdout.write(`${lines.join('\n')}\n`);
  return ok ? EXIT.ok : EXIT.failed;
}
