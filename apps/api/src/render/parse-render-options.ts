import { EcgError } from '@ecg-render/errors';
import type { RenderOptions } from './render-options.js';

export interface OptionLimits {
  maxWidth: number;
  maxHeight: number;
  maxFps: number;
}

const ENCODERS = ['auto', 'libx264', 'libx265', 'h264_nvenc', 'hevc_nvenc'] as const;
const FORMATS = ['mp4', 'mov', 'mkv'] as const;
/** Named qualities as CRF (x264 scale): what `high`/`medium`/`low` mean across encoders. */
const QUALITY_CRF: Record<string, number> = { max: 14, high: 18, medium: 23, low: 28 };
const KNOWN = new Set([
  'width',
  'height',
  'fps',
  'encoder',
  'crf',
  'quality',
  'format',
  'start',
  'end',
  'audio',
]);

function invalid(field: string, message: string): EcgError {
  return new EcgError('INVALID_OPTIONS', `options.${field} ${message}`, {
    details: { field: `options.${field}` },
  });
}

function parseFps(value: unknown, maxFps: number): { num: number; den: number } {
  let num: number;
  let den = 1;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) throw invalid('fps', 'must be a positive number');
    // 29.97 and friends are NTSC rates: keep them exact as 30000/1001.
    const ntsc = Math.round(value * 1.001);
    if (!Number.isInteger(value) && Math.abs(value - ntsc / 1.001) < 0.005) {
      num = ntsc * 1000;
      den = 1001;
    } else if (Number.isInteger(value)) {
      num = value;
    } else {
      num = Math.round(value * 1000);
      den = 1000;
    }
  } else if (typeof value === 'string' && /^\d+\/\d+$/.test(value)) {
    [num, den] = value.split('/').map(Number) as [number, number];
    if (num <= 0 || den <= 0) throw invalid('fps', 'must be a positive rate such as 30000/1001');
  } else {
    throw invalid('fps', 'must be a number (30, 29.97) or a rate such as "30000/1001"');
  }
  if (num / den > maxFps) throw invalid('fps', `must be at most ${maxFps} (MAX_VIDEO_FPS)`);
  return { num, den };
}

/**
 * Checks the `options` of a render request and applies defaults. Every refusal is INVALID_OPTIONS
 * naming the field. `quality` is a name (low, medium, high, max) or 0-100 (100 best), mapped to
 * CRF so clients need not know encoder scales; `crf` sets it exactly.
 */
export function parseRenderOptions(
  raw: unknown,
  limits: OptionLimits,
): Omit<RenderOptions, 'plugins'> {
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new EcgError('INVALID_OPTIONS', 'options must be a JSON object', {
      details: { field: 'options' },
    });
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!KNOWN.has(key)) throw invalid(key, `is not a known option (${[...KNOWN].join(', ')})`);
  }
  const out: Omit<RenderOptions, 'plugins'> = { encoder: 'auto', format: 'mp4', audio: 'auto' };

  const { width, height } = input;
  if ((width === undefined) !== (height === undefined)) {
    throw invalid(
      width === undefined ? 'width' : 'height',
      'must be given together with the other dimension',
    );
  }
  for (const [field, value, max] of [
    ['width', width, limits.maxWidth],
    ['height', height, limits.maxHeight],
  ] as const) {
    if (value === undefined) continue;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 16 ||
      value > max ||
      value % 2 !== 0
    ) {
      throw invalid(field, `must be an even whole number of pixels from 16 to ${max}`);
    }
    out[field] = value;
  }
  if (input['fps'] !== undefined) out.fps = parseFps(input['fps'], limits.maxFps);

  const encoder = input['encoder'];
  if (encoder !== undefined) {
    if (!ENCODERS.includes(encoder as (typeof ENCODERS)[number]))
      throw invalid('encoder', `must be one of ${ENCODERS.join(', ')}`);
    out.encoder = encoder as RenderOptions['encoder'];
  }
  const format = input['format'];
  if (format !== undefined) {
    if (!FORMATS.includes(format as (typeof FORMATS)[number])) {
      throw invalid(
        'format',
        `must be one of ${FORMATS.join(', ')} (WebM cannot hold H.264 or HEVC)`,
      );
    }
    out.format = format as RenderOptions['format'];
  }
  const { quality, crf } = input;
  if (quality !== undefined && crf !== undefined)
    throw invalid('quality', 'and options.crf cannot both be set');
  if (quality !== undefined) {
    if (typeof quality === 'string' && QUALITY_CRF[quality] !== undefined)
      out.crf = QUALITY_CRF[quality];
    else if (typeof quality === 'number' && quality >= 0 && quality <= 100)
      out.crf = Math.round(35 - quality * 0.2);
    else throw invalid('quality', 'must be low, medium, high, max, or a number from 0 to 100');
  }
  if (crf !== undefined) {
    if (typeof crf !== 'number' || !Number.isInteger(crf) || crf < 0 || crf > 51) {
      throw invalid('crf', 'must be a whole number from 0 to 51');
    }
    out.crf = crf;
  }
  for (const [field, key] of [
    ['start', 'startSec'],
    ['end', 'endSec'],
  ] as const) {
    const value = input[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw invalid(field, 'must be a number of seconds, 0 or more');
    }
    out[key] = value;
  }
  if (out.endSec !== undefined && !(out.endSec > (out.startSec ?? 0))) {
    throw invalid('end', 'must be after options.start');
  }
  const audio = input['audio'];
  if (audio !== undefined) {
    if (audio !== 'auto' && audio !== 'none') throw invalid('audio', 'must be auto or none');
    out.audio = audio;
  }
  return out;
}
