import type { Container, Rational } from '@ecg-render/ffmpeg';
import { QUALITY_PRESETS, type RenderJobOptions } from './render-job-options.js';

export interface RenderSettings {
  width?: number;
  height?: number;
  fps?: Rational;
  crf: number;
  preset: string;
  encoder: NonNullable<RenderJobOptions['encoder']>;
  container: Container;
  /** File extension with the dot, for output names (`.mp4`). */
  extension: string;
  seed?: string;
}

/** Common NTSC-family rates by their usual decimal names, so 29.97 encodes as exactly 30000/1001. */
const NTSC: Record<string, Rational> = {
  '23.976': { num: 24000, den: 1001 },
  '29.97': { num: 30000, den: 1001 },
  '47.952': { num: 48000, den: 1001 },
  '59.94': { num: 60000, den: 1001 },
  '119.88': { num: 120000, den: 1001 },
};

function toRational(fps: number): Rational {
  if (Number.isInteger(fps)) return { num: fps, den: 1 };
  const ntsc = NTSC[String(Math.round(fps * 1000) / 1000)];
  return ntsc ?? { num: Math.round(fps * 1000), den: 1000 };
}

/** What renderVideo gets for a job's options: quality → crf/preset, format → container. */
export function renderSettingsFor(options: RenderJobOptions): RenderSettings {
  const quality = QUALITY_PRESETS[options.quality ?? 'medium'];
  const container = options.format ?? 'mp4';
  const settings: RenderSettings = {
    crf: options.crf ?? quality.crf,
    preset: options.preset ?? quality.preset,
    encoder: options.encoder ?? 'auto',
    container,
    extension: `.${container}`,
  };
  if (options.width !== undefined && options.height !== undefined) {
    settings.width = options.width;
    settings.height = options.height;
  }
  if (options.fps !== undefined) settings.fps = toRational(options.fps);
  if (options.seed !== undefined) settings.seed = options.seed;
  return settings;
}
