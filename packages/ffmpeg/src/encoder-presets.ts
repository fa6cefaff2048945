/**
 * Encoder speed preset names, fastest first: what the API accepts and the studio offers. Pure (no
 * Node), so the studio bundles this file as it is.
 */
export const SOFTWARE_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;
export const NVENC_PRESETS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'] as const;
export type SoftwarePreset = (typeof SOFTWARE_PRESETS)[number];
export type NvencPreset = (typeof NVENC_PRESETS)[number];
