import { EcgError } from '@ecg-render/errors';
import { NVENC_PRESETS, SOFTWARE_PRESETS } from '@ecg-render/ffmpeg';
import { z } from 'zod';
import { qualityForScore } from './quality-for-score.js';

/**
 * Named qualities (what the ECG backend sends as `options.quality`) as encoder settings. x264
 * presets are chosen for a 2-core render box: `high` trades some speed for size, `lossless` is
 * for proofs and masters (crf 0; NVENC has no true lossless here and uses cq 1).
 */
export const QUALITY_PRESETS = {
  low: { crf: 28, preset: 'veryfast' },
  medium: { crf: 23, preset: 'veryfast' },
  high: { crf: 18, preset: 'fast' },
  ultra: { crf: 15, preset: 'medium' },
  lossless: { crf: 0, preset: 'veryfast' },
} as const;

export type QualityName = keyof typeof QUALITY_PRESETS;

/** Output containers a job may ask for. WebM cannot hold H.264/HEVC, so it is not offered. */
export const OUTPUT_FORMATS = ['mp4', 'mov', 'mkv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const ENCODERS = ['auto', 'libx264', 'libx265', 'h264_nvenc', 'hevc_nvenc'] as const;

const dimension = z
  .number()
  .int()
  .min(16)
  .max(8192)
  .refine((n) => n % 2 === 0, 'must be even');

/**
 * A frame rate written as text, as the ECG route's schema allows: `"30"`, `"29.97"` or a ratio
 * such as `"30000/1001"`, as a number (renderSettingsFor turns 29.97… back into 30000/1001).
 */
const fpsText = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const decimal = /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : null;
    const ratio = /^(\d+)\/(\d+)$/.exec(text);
    const value = decimal ?? (ratio ? Number(ratio[1]) / Number(ratio[2]) : Number.NaN);
    if (!Number.isFinite(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a number, "30", "29.97" or "30000/1001"' });
      return z.NEVER;
    }
    return value;
  });

const qualityName = z
  .string()
  .transform((q) => q.toLowerCase())
  .pipe(z.enum(Object.keys(QUALITY_PRESETS) as [QualityName, ...QualityName[]]));

const schema = z
  .object({
    width: dimension.optional(),
    height: dimension.optional(),
    fps: z.union([z.number(), fpsText]).pipe(z.number().positive().max(240)).optional(),
    /** A preset name, or a score 0–100 mapped onto one (qualityForScore). */
    quality: z
      .union([qualityName, z.number().min(0).max(100).transform(qualityForScore)])
      .optional(),
    format: z
      .string()
      .transform((f) => f.toLowerCase())
      .pipe(z.enum(OUTPUT_FORMATS))
      .optional(),
    encoder: z.enum(ENCODERS).optional(),
    /** Overrides the quality's crf. */
    crf: z.number().int().min(0).max(51).optional(),
    /** Overrides the quality's preset (x264/x265 names or NVENC p1–p7). */
    preset: z.enum([...SOFTWARE_PRESETS, ...NVENC_PRESETS]).optional(),
    /** Seed of the page's deterministic randomness (plugins that use Math.random). */
    seed: z.string().min(1).max(200).optional(),
  })
  .refine((o) => (o.width === undefined) === (o.height === undefined), {
    message: 'give both width and height, or neither',
    path: ['width'],
  });

/** A job's output options as stored in `jobs.options` (unknown fields are dropped). */
export type RenderJobOptions = z.infer<typeof schema>;

/**
 * Checks a job's output options where they enter (the API, at creation) and again where they
 * are used (the worker): ECG's `{width, height, fps, quality, format}` plus our own `encoder`,
 * `crf`, `preset` and `seed`. INVALID_OPTIONS names the first bad field.
 *
 * The ECG route declares fps as number-or-string and quality as string-or-number, and the ECG
 * backend's real payloads are not documented here, so both forms are taken: fps as a number or
 * `"30"`, `"29.97"`, `"30000/1001"`; quality as a preset name or a score 0–100 (qualityForScore).
 * What is returned (and stored) is normalised: fps a number, quality a preset name.
 */
export function parseRenderJobOptions(input: unknown): RenderJobOptions {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.join('.') ?? '';
  throw new EcgError(
    'INVALID_OPTIONS',
    `options${path ? `.${path}` : ''}: ${issue?.message ?? 'invalid'}`,
    {
      details: {
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    },
  );
}
