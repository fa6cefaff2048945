import type { Style } from '../types.js';

export type StageAspect = '16:9' | '9:16';

export type PresetName = 'clean' | 'boxed' | 'social' | 'karaoke' | 'typewriter';

/**
 * How a preset animates captions:
 * - `fade`: each cue fades in and out briefly;
 * - `none`: cues cut in and out (a box drawn by the group cannot be faded by DOM plugins);
 * - `highlight`: word by word, the spoken word switches to the highlight colour and pops;
 * - `sweep`: karaoke, colour sweeps across each word while it is sung;
 * - `typewriter`: lines are typed out character by character.
 */
export type PresetAnimation = 'fade' | 'none' | 'highlight' | 'sweep' | 'typewriter';

export interface SubtitlePreset {
  name: PresetName;
  description: string;
  /** Text style every caption starts from (the track's defaultStyle); no font size here. */
  text: Style;
  /** Font size as a fraction of the stage height, per aspect. */
  fontSize: Record<StageAspect, number>;
  /** CSS line-height, also used to estimate caption heights for stacking. */
  lineHeight: number;
  /** Box behind each caption (group boxStyle); padding in em so it scales with the text. */
  box?: { backgroundColor: string; padding: { x: number; y: number }; radius: number };
  /** Widest caption, as a fraction of the stage width (further limited by the safe area). */
  maxWidth: Record<StageAspect, number>;
  /** Distance of the caption's bottom edge from the bottom of the stage, per aspect. */
  bottomMargin: Record<StageAspect, number>;
  /** Most lines a caption shows at once; longer word-timed cues are split into pages. */
  maxLines: number;
  /** Most words per page (social captions show a few words at a time). */
  maxWordsPerPage?: number;
  /** Start a new page after a sentence ends. */
  pageAtSentenceEnd: boolean;
  animation: PresetAnimation;
  /** Fade length in seconds for `fade` (and the short fades other presets add). */
  fade: number;
  /** Karaoke/highlight colour. */
  highlightColor: string;
  /** The animation needs word timings: cues without them get timings estimated from text. */
  needsWords: boolean;
}
