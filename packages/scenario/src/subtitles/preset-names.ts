import type { PresetName } from './preset-types.js';
import { PRESETS } from './presets.js';

/** The preset names, for option lists and validation. */
export const presetNames = Object.keys(PRESETS) as readonly PresetName[];
