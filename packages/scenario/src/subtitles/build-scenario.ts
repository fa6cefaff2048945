import { EcgError } from '@ecg-render/errors';
import type { Cue, Scenario, Track } from '../types.js';
import type { BuildContext } from './build-context.js';
import type { CaptionBlock } from './caption-block.js';
import { displayEnd } from './display-end.js';
import { estimateWordTimings } from './estimate-word-timings.js';
import { planCueFrame } from './plan-cue-frame.js';
import { planLineBlocks } from './plan-line-blocks.js';
import { planTypewriterBlocks } from './plan-typewriter-blocks.js';
import { planWordBlocks } from './plan-word-blocks.js';
import type { PresetName, StageAspect } from './preset-types.js';
import { PRESETS } from './presets.js';
import { SAFE_AREAS } from './safe-areas.js';
import { stackOffsets } from './stack-offsets.js';
import type { SubtitleDocument, SubtitleWarning } from './types.js';
import { createWarningSink } from './warning-sink.js';

export interface BuildScenarioOptions {
  /** Default `clean`. */
  preset?: PresetName;
  /** Default `16:9`. */
  aspect?: StageAspect;
  /** Written to `timebase.fps` when given. */
  fps?: number;
}

export interface BuildScenarioResult {
  scenario: Scenario;
  /** The document's warnings followed by what the build could not express. */
  warnings: SubtitleWarning[];
}

/** Space between captions stacked because they are on screen together (stage heights). */
const STACK_SPACING = 0.01;
const TRACK_ID = 'subtitles';

/**
 * Turns a parsed subtitle document into a MotionText v2.0 scenario with one of the presets.
 * Every cue becomes one scenario cue (or several pages, for long word-timed cues) on a subtitle
 * track; its root group is placed in the safe area for the aspect, or where the source placed it.
 * Cues are half-open [start, end), the engine's display times inclusive, so every display time
 * ends HALF_OPEN_EPSILON early. Ids are unique across cues and nodes (`sub-0001`, `sub-0001-w3`).
 */
export function buildScenario(
  doc: SubtitleDocument,
  options: BuildScenarioOptions = {},
): BuildScenarioResult {
  const presetName = options.preset ?? 'clean';
  const aspect = options.aspect ?? '16:9';
  if (!Object.hasOwn(PRESETS, presetName)) {
    throw new EcgError(
      'INVALID_OPTIONS',
      `unknown subtitle preset "${String(presetName)}" (known: ${Object.keys(PRESETS).join(', ')})`,
      { details: { preset: presetName } },
    );
  }
  if (aspect !== '16:9' && aspect !== '9:16') {
    throw new EcgError('INVALID_OPTIONS', `unsupported aspect "${String(aspect)}" (16:9 or 9:16)`, {
      details: { aspect },
    });
  }
  if (
    options.fps !== undefined &&
    !(Number.isFinite(options.fps) && options.fps > 0 && options.fps <= 1000)
  ) {
    throw new EcgError(
      'INVALID_OPTIONS',
      `fps must be a positive number, got ${String(options.fps)}`,
      { details: { fps: options.fps } },
    );
  }
  const preset = PRESETS[presetName];
  const warnings = createWarningSink();
  for (const warning of doc.warnings) warnings.add(warning, `doc:${warnings.list().length}`);
  const ratio = aspect === '16:9' ? 16 / 9 : 9 / 16;
  const context: BuildContext = {
    preset,
    aspect,
    ratio,
    safe: SAFE_AREAS[aspect],
    fallbackFonts:
      typeof preset.text.fontFamily === 'string' ? preset.text.fontFamily : 'sans-serif',
    warnings,
  };
  if (doc.resolution) {
    const sourceRatio = doc.resolution.width / doc.resolution.height;
    if (Math.abs(sourceRatio - ratio) / ratio > 0.05) {
      warnings.add({
        code: 'aspect-mismatch',
        message: `the subtitles were authored for ${doc.resolution.width}×${doc.resolution.height}; positions are scaled onto the ${aspect} stage`,
      });
    }
  }

  const blocks: CaptionBlock[] = [];
  let estimated = 0;
  for (const cue of doc.cues) {
    const frame = planCueFrame(cue, context);
    let words = cue.words && cue.words.length > 0 ? cue.words : undefined;
    if (!words && preset.needsWords) {
      words = estimateWordTimings(cue);
      estimated++;
    }
    if (preset.animation === 'typewriter')
      blocks.push(...planTypewriterBlocks(cue, words, frame, context));
    else if (words && words.length > 0) blocks.push(...planWordBlocks(cue, words, frame, context));
    else blocks.push(...planLineBlocks(cue, frame, context));
  }
  if (estimated > 0) {
    warnings.add({
      code: 'estimated-word-times',
      message: `${estimated} cue(s) had no word timings; the "${presetName}" preset estimated them from the text length`,
    });
  }

  // Pages of a long cue can start after a later cue: keep scenario cues in start order.
  const ordered = blocks
    .map((block, index) => ({ block, index }))
    .sort((a, b) => a.block.start - b.block.start || a.index - b.index);
  blocks.splice(0, blocks.length, ...ordered.map(({ block }) => block));
  const { offsets, crowded } = stackOffsets(
    blocks.map((block, index) => ({
      start: block.start,
      end: block.end,
      height: block.height,
      key: block.stack?.key ?? `fixed:${index}`,
      room: block.stack?.room ?? 1,
    })),
    STACK_SPACING,
  );
  if (crowded > 0) {
    warnings.add({
      code: 'crowded',
      message: `${crowded} caption(s) had no room left to stack above simultaneous captions and overlap them`,
    });
  }
  const layers = [...new Set(blocks.map((block) => block.layer))].sort((a, b) => a - b);
  const trackOf = (layer: number): string =>
    layer === 0 || layers.length === 1 ? TRACK_ID : `${TRACK_ID}-layer-${layer}`;
  const cues: Cue[] = blocks.map((block, index) => {
    const id = `sub-${String(index + 1).padStart(4, '0')}`;
    const root = block.emit({ id, offset: block.stack ? offsets[index]! : 0 });
    return {
      id,
      track: trackOf(block.layer),
      domLifetime: [Math.round(block.start * 1e6) / 1e6, displayEnd(block.start, block.end)],
      root,
    };
  });

  const trackIds = [...new Set(layers.map(trackOf))];
  const tracks: Track[] = trackIds.map((id, index) => ({
    id,
    type: 'subtitle',
    layer: 10 + index,
    defaultStyle: { ...preset.text, fontSizeRel: preset.fontSize[aspect] },
    // Positions are placed explicitly; "absolute" keeps the engine's subtitle defaults (flow,
    // 10 % minimum width, padding on every node) from re-laying out each node. No maxWidth or
    // safeArea here: the engine would shrink every nested flow by them again.
    defaultConstraints: {
      mode: 'absolute',
      anchor: 'bc',
      constraintMode: 'flexible',
      breakoutEnabled: false,
    },
  }));
  if (tracks.length === 0)
    tracks.push({
      id: TRACK_ID,
      type: 'subtitle',
      layer: 10,
      defaultStyle: { ...preset.text, fontSizeRel: preset.fontSize[aspect] },
    });

  const scenario: Scenario = {
    version: '2.0',
    pluginApiVersion: '3.0',
    timebase:
      options.fps === undefined ? { unit: 'seconds' } : { unit: 'seconds', fps: options.fps },
    stage: { baseAspect: aspect, safeArea: { ...context.safe } },
    tracks,
    cues,
  };
  return { scenario, warnings: warnings.list() };
}
