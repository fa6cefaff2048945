import type { Anchor, Style } from '../types.js';

/** What every node builder needs to know about one source cue once preset and hints are merged. */
export interface CueFrame {
  fontSize: number;
  fontWeight: number;
  lineHeight: number;
  /** Root group style: the source's overrides of the preset (track) style. */
  rootStyle: Style;
  box?: { backgroundColor: string; padding: { x: number; y: number }; radius: number };
  highlightColor: string;
  x: number;
  y: number;
  anchor: Anchor;
  /** Default placement (not a source position): clamp into the safe area and stack. */
  placedByPreset: boolean;
  /** Widest the caption may be, as a fraction of the stage width. */
  maxWidth: number;
  /** The same in em, with a margin for estimation error, for line breaking. */
  breakWidthEm: number;
  align: 'left' | 'center' | 'right';
  fadeIn: number;
  fadeOut: number;
  /** An upward ASS \move mapped onto slideUp: distance in stage heights, window in seconds. */
  slide?: { distance: number; start: number; end: number };
}
