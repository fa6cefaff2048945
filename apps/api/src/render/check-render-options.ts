import { EcgError, isEcgError } from '@ecg-render/errors';
import { parseRenderJobOptions, type RenderJobOptions } from '@ecg-render/jobs';

/** Fields parseRenderJobOptions knows; it drops others silently, the API refuses them (typos). */
const KNOWN = new Set([
  'width',
  'height',
  'fps',
  'quality',
  'format',
  'encoder',
  'crf',
  'preset',
  'seed',
]);

/**
 * The options of a render request as the job will store them: packages/jobs' parseRenderJobOptions
 * (what the worker reads back), plus this deployment's limits (MAX_VIDEO_WIDTH/HEIGHT/FPS) and a
 * refusal of unknown fields. Every refusal is INVALID_OPTIONS with `details.field`.
 */
export function checkRenderOptions(
  raw: unknown,
  limits: { maxWidth: number; maxHeight: number; maxFps: number },
): RenderJobOptions {
  const invalid = (field: string, message: string, cause?: unknown): EcgError =>
    new EcgError('INVALID_OPTIONS', `options.${field}: ${message}`, {
      details: { field: `options.${field}` },
      ...(cause !== undefined && { cause }),
    });
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new EcgError('INVALID_OPTIONS', 'options must be a JSON object', {
      details: { field: 'options' },
    });
  }
  for (const key of Object.keys(raw ?? {})) {
    if (!KNOWN.has(key)) throw invalid(key, `is not a known option (${[...KNOWN].join(', ')})`);
  }
  let options: RenderJobOptions;
  try {
    options = parseRenderJobOptions(raw ?? {});
  } catch (error) {
    if (!isEcgError(error)) throw error;
    const issues = error.details['issues'] as { path: string }[] | undefined;
    const field = issues?.[0]?.path ?? '';
    throw new EcgError(error.code, error.message, {
      details: { ...error.details, field: field === '' ? 'options' : `options.${field}` },
      cause: error,
    });
  }
  if (options.width !== undefined && options.width > limits.maxWidth) {
    throw invalid('width', `must be at most ${limits.maxWidth} (MAX_VIDEO_WIDTH)`);
  }
  if (options.height !== undefined && options.height > limits.maxHeight) {
    throw invalid('height', `must be at most ${limits.maxHeight} (MAX_VIDEO_HEIGHT)`);
  }
  if (options.fps !== undefined && options.fps > limits.maxFps) {
    throw invalid('fps', `must be at most ${limits.maxFps} (MAX_VIDEO_FPS)`);
  }
  return options;
}
