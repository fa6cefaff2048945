/**
 * The intermediate model every subtitle importer produces and the scenario builder consumes.
 * It keeps what the source said (times, text, styling, placement) in source-neutral terms, so the
 * builder can map each fact onto MotionText once, whatever the file format was.
 *
 * Units: times are seconds from the start of the video; sizes and positions are fractions of the
 * video frame (x of the width, y and font sizes of the height), as MotionText measures them.
 */
import type { Anchor } from '../types.js';

export type SubtitleFormat = 'srt' | 'vtt' | 'ass' | 'json';

/** Visual styling a source can ask for. Every field is optional: absent means "the preset decides". */
export interface SubtitleStyle {
  fontFamily?: string;
  /** Font size as a fraction of the video height (CSS em size). */
  fontSize?: number;
  fontWeight?: number;
  italic?: boolean;
  underline?: boolean;
  strikeout?: boolean;
  /** CSS colour (`#rrggbb` or `rgba(...)`). */
  color?: string;
  outlineColor?: string;
  /** Outline width as a fraction of the video height; 0 = no outline. */
  outlineWidth?: number;
  shadowColor?: string;
  /** Shadow offset as a fraction of the video height; 0 = no shadow. */
  shadowDepth?: number;
  /** Colour of sung words in karaoke (ASS primary colour; `color` is then the unsung colour). */
  highlightColor?: string;
  /** Box behind the whole cue (ASS BorderStyle 3, WebVTT `background-color`). */
  backgroundColor?: string;
  align?: 'left' | 'center' | 'right';
}

/** A run of text with one style inside a line. */
export interface TextSpan {
  text: string;
  style?: SubtitleStyle;
  voice?: string;
}

/** A timed piece of text: a word, or a syllable/segment when the source timed those. */
export interface WordTiming {
  text: string;
  start: number;
  end: number;
  style?: SubtitleStyle;
}

/** Where the source placed a cue. `x`/`y` are the anchor point's position as frame fractions. */
export interface PositionHint {
  x?: number;
  y?: number;
  anchor?: Anchor;
  /** Widest the cue box may be, as a fraction of the frame width (WebVTT `size`). */
  maxWidth?: number;
  /** Margins the source asks for (ASS MarginL/R/V) as frame fractions; the safe area still applies. */
  margin?: { left: number; right: number; vertical: number };
}

/** A straight movement (ASS `\move`): from→to over [start, end] seconds relative to the cue start. */
export interface MoveHint {
  from: { x: number; y: number };
  to: { x: number; y: number };
  start: number;
  end: number;
}

export interface SubtitleCue {
  /** Source identifier (SRT number, WebVTT cue id) when the file had one. */
  id?: string;
  start: number;
  end: number;
  /** Lines of styled spans, as the source broke them. */
  lines: TextSpan[][];
  /** Plain text: the lines joined with `\n`. */
  text: string;
  /** Word (or syllable/segment) timings, in order, when the source had them. */
  words?: WordTiming[];
  /** `switch`: each word lights up at its start; `sweep`: colour fills across each word. */
  karaoke?: 'switch' | 'sweep';
  /** Style of the whole cue (ASS style + leading overrides, WebVTT `::cue`). */
  style?: SubtitleStyle;
  position?: PositionHint;
  /** Fade durations in seconds (ASS `\fad`). */
  fade?: { in: number; out: number };
  move?: MoveHint;
  voice?: string;
  /** ASS layer: higher draws on top. */
  layer?: number;
  /** 1-based line in the source file where the cue starts (for messages). */
  sourceLine: number;
}

export interface SubtitleWarning {
  /** Stable machine-readable kind, e.g. `unsupported-tag`, `overlap`, `dropped-cue`. */
  code: string;
  message: string;
  line?: number;
  column?: number;
  /** How many times the same warning occurred (only the first occurrence's line is kept). */
  count?: number;
}

export interface SubtitleDocument {
  format: SubtitleFormat;
  /** Sorted by start time (stable for equal starts). */
  cues: SubtitleCue[];
  warnings: SubtitleWarning[];
  /** The source's own coordinate space (ASS PlayResX/Y), for aspect checks. */
  resolution?: { width: number; height: number };
}
