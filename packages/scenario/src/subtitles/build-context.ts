import type { SafeArea } from './safe-areas.js';
import type { StageAspect, SubtitlePreset } from './preset-types.js';
import type { WarningSink } from './warning-sink.js';

/** Settings shared by every cue of one build. */
export interface BuildContext {
  preset: SubtitlePreset;
  aspect: StageAspect;
  /** Stage width / height. */
  ratio: number;
  safe: SafeArea;
  /** Font stack appended after source font names. */
  fallbackFonts: string;
  warnings: WarningSink;
}
