import type { AssColor } from './ass-color.js';

/** One ASS/SSA style (or the running state of a line's overrides), in the script's own units. */
export interface AssStyle {
  name: string;
  fontName: string;
  /** Script pixels (of PlayResY). */
  fontSize: number;
  primary: AssColor;
  secondary: AssColor;
  outline: AssColor;
  back: AssColor;
  fontWeight: number;
  italic: boolean;
  underline: boolean;
  strikeout: boolean;
  /** 1 = outline + drop shadow, 3 = opaque box. */
  borderStyle: number;
  outlineWidth: number;
  shadow: number;
  /** Numpad alignment 1..9 (SSA's legacy numbering is converted on read). */
  alignment: number;
  marginL: number;
  marginR: number;
  marginV: number;
}

/** What renderers use when a script names no style or a missing one (libass/VSFilter "Default"). */
export const DEFAULT_ASS_STYLE: AssStyle = {
  name: 'Default',
  fontName: 'Arial',
  fontSize: 18,
  primary: { r: 255, g: 255, b: 255, a: 1 },
  secondary: { r: 255, g: 0, b: 0, a: 1 },
  outline: { r: 0, g: 0, b: 0, a: 1 },
  back: { r: 0, g: 0, b: 0, a: 1 },
  fontWeight: 400,
  italic: false,
  underline: false,
  strikeout: false,
  borderStyle: 1,
  outlineWidth: 2,
  shadow: 2,
  alignment: 2,
  marginL: 10,
  marginR: 10,
  marginV: 20,
};
