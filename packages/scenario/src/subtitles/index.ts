// "Bring your own subtitles": importers (SRT, WebVTT, ASS/SSA, word-timed JSON), presets, the
// scenario builder and SRT/WebVTT exporters. Everything here is pure (no I/O).
export {
  importSubtitles,
  type ImportSubtitlesOptions,
  type ImportSubtitlesResult,
} from './import-subtitles.js';
export { parseSubtitles, type ParseSubtitlesOptions } from './parse-subtitles.js';
export { detectSubtitleFormat } from './detect-subtitle-format.js';
export { parseSrt } from './parse-srt.js';
export { parseVtt } from './parse-vtt.js';
export { parseAss } from './parse-ass.js';
export { parseWordJson } from './parse-word-json.js';
export {
  buildScenario,
  type BuildScenarioOptions,
  type BuildScenarioResult,
} from './build-scenario.js';
export { exportSubtitles, type SubtitleExportFormat } from './export-subtitles.js';
export { PRESETS } from './presets.js';
export { presetNames } from './preset-names.js';
export { SAFE_AREAS, type SafeArea } from './safe-areas.js';
export { estimateTextWidth, type TextWidthOptions } from './text-width.js';
export { breakLines, type BreakLinesOptions, type BrokenLine } from './break-lines.js';
export type { PresetName, PresetAnimation, StageAspect, SubtitlePreset } from './preset-types.js';
export type {
  MoveHint,
  PositionHint,
  SubtitleCue,
  SubtitleDocument,
  SubtitleFormat,
  SubtitleStyle,
  SubtitleWarning,
  TextSpan,
  WordTiming,
} from './types.js';
