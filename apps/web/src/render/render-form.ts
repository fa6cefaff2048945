import { NVENC_PRESETS, SOFTWARE_PRESETS } from '@ecg-render/ffmpeg/encoder-presets';
import { parseFrameRate, type Rational } from '../preview/frame-math.js';

// What the render options mean is the API's business (apps/api parse-render-options.ts); this file
// only offers its accepted values as choices and maps the form onto its `options` object.

export const RESOLUTIONS = [
  { id: 'source', label: 'Source size' },
  { id: '2160', label: '2160p (4K)' },
  { id: '1440', label: '1440p' },
  { id: '1080', label: '1080p' },
  { id: '720', label: '720p' },
  { id: '480', label: '480p' },
  { id: '360', label: '360p' },
  { id: 'custom', label: 'Custom…' },
] as const;

export const FRAME_RATES = [
  { id: 'source', label: 'Source rate' },
  { id: '23.976', label: '23.976' },
  { id: '24', label: '24' },
  { id: '25', label: '25' },
  { id: '29.97', label: '29.97' },
  { id: '30', label: '30' },
  { id: '50', label: '50' },
  { id: '59.94', label: '59.94' },
  { id: '60', label: '60' },
] as const;

export const ENCODERS = [
  { id: 'auto', label: 'Auto (GPU when a worker has one)' },
  { id: 'libx264', label: 'H.264, CPU (libx264)' },
  { id: 'libx265', label: 'HEVC, CPU (libx265)' },
  { id: 'h264_nvenc', label: 'H.264, NVIDIA GPU (NVENC)' },
  { id: 'hevc_nvenc', label: 'HEVC, NVIDIA GPU (NVENC)' },
] as const;

export const QUALITIES = [
  { id: 'low', label: 'Low (small file)' },
  { id: 'medium', label: 'Medium' },
  { id: 'high', label: 'High' },
  { id: 'ultra', label: 'Ultra' },
  { id: 'lossless', label: 'Lossless (very large)' },
] as const;

/** Speed presets that mean something for this encoder (none for `auto`: it may pick either). */
export function presetsFor(encoder: RenderForm['encoder']): readonly string[] {
  if (encoder === 'libx264' || encoder === 'libx265') return SOFTWARE_PRESETS;
  if (encoder === 'h264_nvenc' || encoder === 'hevc_nvenc') return NVENC_PRESETS;
  return [];
}

export const FORMATS = [
  { id: 'mp4', label: 'MP4' },
  { id: 'mov', label: 'QuickTime (MOV)' },
  { id: 'mkv', label: 'Matroska (MKV)' },
] as const;

type Id<T extends readonly { id: string }[]> = T[number]['id'];

export interface RenderForm {
  resolution: Id<typeof RESOLUTIONS>;
  /** Used when resolution is `custom`; text as typed. */
  customWidth: string;
  customHeight: string;
  fps: Id<typeof FRAME_RATES>;
  encoder: Id<typeof ENCODERS>;
  quality: Id<typeof QUALITIES>;
  /** `default` or one of presetsFor(encoder). */
  preset: string;
  format: Id<typeof FORMATS>;
}

export const DEFAULT_RENDER_FORM: RenderForm = {
  resolution: 'source',
  customWidth: '',
  customHeight: '',
  fps: 'source',
  encoder: 'auto',
  quality: 'high',
  preset: 'default',
  format: 'mp4',
};

export interface FormProblem {
  /** The form field (`customWidth`) the problem is in. */
  field: keyof RenderForm;
  message: string;
}

export interface Size {
  width: number;
  height: number;
}

const even = (value: number): number => Math.max(2, Math.round(value / 2) * 2);

/**
 * Output pixels for the form: the source's own size (rounded down to even, as the workers do), a
 * preset's short side with the source's aspect kept, or the custom numbers. Null when the size
 * depends on a source that is not loaded yet, or the custom numbers are not valid.
 */
export function outputSize(form: RenderForm, source: Size | null): Size | null {
  if (form.resolution === 'custom') {
    const width = Number(form.customWidth);
    const height = Number(form.customHeight);
    return validDimension(width) && validDimension(height) ? { width, height } : null;
  }
  if (!source) return null;
  if (form.resolution === 'source') {
    return {
      width: source.width - (source.width % 2),
      height: source.height - (source.height % 2),
    };
  }
  const short = Number(form.resolution);
  return source.width >= source.height
    ? { width: even((short * source.width) / source.height), height: short }
    : { width: short, height: even((short * source.height) / source.width) };
}

function validDimension(value: number): boolean {
  return Number.isInteger(value) && value >= 16 && value <= 7680 && value % 2 === 0;
}

/**
 * The API's `options` object for this form, or the form problems that keep it from being sent.
 * Defaults the API applies anyway (source size and rate) are left out, so the job records what the
 * user chose rather than what the studio guessed.
 */
export function toApiOptions(
  form: RenderForm,
  source: Size | null,
): { ok: true; options: Record<string, unknown> } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const options: Record<string, unknown> = {};
  if (form.resolution === 'custom') {
    for (const field of ['customWidth', 'customHeight'] as const) {
      const value = Number(form[field]);
      if (form[field].trim() === '' || !validDimension(value)) {
        problems.push({
          field,
          message: `${field === 'customWidth' ? 'Width' : 'Height'} must be an even whole number of pixels from 16 to 7680`,
        });
      }
    }
    if (problems.length === 0) {
      options['width'] = Number(form.customWidth);
      options['height'] = Number(form.customHeight);
    }
  } else if (form.resolution !== 'source') {
    const size = outputSize(form, source);
    if (!size) {
      problems.push({
        field: 'resolution',
        message: 'Load a video first: the size keeps its aspect',
      });
    } else {
      options['width'] = size.width;
      options['height'] = size.height;
    }
  }
  // The API takes a number; it reads 29.97, 23.976 and 59.94 as the exact NTSC rates.
  if (form.fps !== 'source') options['fps'] = Number(form.fps);
  options['encoder'] = form.encoder;
  options['quality'] = form.quality;
  if (form.preset !== 'default') {
    if (presetsFor(form.encoder).includes(form.preset)) options['preset'] = form.preset;
    else
      problems.push({
        field: 'preset',
        message: `Speed preset ${form.preset} does not apply to ${form.encoder}`,
      });
  }
  options['format'] = form.format;
  return problems.length > 0 ? { ok: false, problems } : { ok: true, options };
}

export interface PreviewTiming {
  fps: Rational;
  /** Where the rate came from, shown next to the frame counter. */
  from: 'render options' | 'video' | 'scenario timebase' | 'default';
}

/**
 * The frame grid the preview steps on: the one the render will have. The workers render at the
 * chosen rate, else the source's; only when the source's is unknown (not an MP4/MOV) does the
 * scenario's timebase, then 30, stand in.
 */
export function previewTiming(
  form: RenderForm,
  videoFps: Rational | null,
  scenarioFps: unknown,
): PreviewTiming {
  const chosen = form.fps === 'source' ? null : parseFrameRate(form.fps);
  if (chosen) return { fps: chosen, from: 'render options' };
  if (videoFps) return { fps: videoFps, from: 'video' };
  const fromScenario = parseFrameRate(scenarioFps);
  if (fromScenario) return { fps: fromScenario, from: 'scenario timebase' };
  return { fps: { num: 30, den: 1 }, from: 'default' };
}
