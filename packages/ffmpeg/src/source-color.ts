import type { ColorSpec, MediaInfo } from './types.js';

/**
 * The matrix and range to composite and tag with, from the probe. The composite leaves the
 * source's YUV as it is, so the overlay must be converted with the source's own matrix and range.
 * Untagged sources get what players assume for them: BT.709 from 720 lines up, BT.601 below
 * (the convention of browsers and FFmpeg's own heuristics); limited range unless tagged full.
 */
export function sourceColor(info: MediaInfo): ColorSpec {
  const { colorSpace, colorRange, pixFmt, height, width } = info.video;
  let matrix: ColorSpec['matrix'];
  if (colorSpace === 'bt709') matrix = 'bt709';
  else if (colorSpace === 'smpte170m' || colorSpace === 'bt470bg') matrix = 'bt601';
  else matrix = width >= 1280 || height >= 720 ? 'bt709' : 'bt601';
  const full = colorRange === 'pc' || pixFmt.startsWith('yuvj');
  return { matrix, range: full ? 'pc' : 'tv' };
}
