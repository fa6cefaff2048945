import type { Scenario } from '../types.js';
import { buildScenario } from './build-scenario.js';
import { parseSubtitles } from './parse-subtitles.js';
import type { PresetName, StageAspect } from './preset-types.js';
import type { SubtitleFormat, SubtitleWarning } from './types.js';

export interface ImportSubtitlesOptions {
  /** Skip detection. */
  format?: SubtitleFormat;
  /** Helps format detection. */
  filename?: string;
  /** Default `clean`. */
  preset?: PresetName;
  /** Default `16:9`. */
  aspect?: StageAspect;
  fps?: number;
}

export interface ImportSubtitlesResult {
  scenario: Scenario;
  warnings: SubtitleWarning[];
  format: SubtitleFormat;
}

/**
 * "Bring your own subtitles": an SRT, WebVTT, ASS/SSA or word-timed JSON file in, a MotionText
 * scenario out, with everything that could not be carried over listed in `warnings`.
 * Throws INVALID_SUBTITLES (with line and column) for files that cannot be read, INVALID_OPTIONS
 * for an unknown preset or aspect.
 */
export function importSubtitles(
  text: string,
  options: ImportSubtitlesOptions = {},
): ImportSubtitlesResult {
  const parseOptions: { format?: SubtitleFormat; filename?: string } = {};
  if (options.format) parseOptions.format = options.format;
  if (options.filename) parseOptions.filename = options.filename;
  const doc = parseSubtitles(text, parseOptions);
  const buildOptions: { preset?: PresetName; aspect?: StageAspect; fps?: number } = {};
  if (options.preset) buildOptions.preset = options.preset;
  if (options.aspect) buildOptions.aspect = options.aspect;
  if (options.fps !== undefined) buildOptions.fps = options.fps;
  const { scenario, warnings } = buildScenario(doc, buildOptions);
  return { scenario, warnings, format: doc.format };
}
