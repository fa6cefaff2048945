import type { MediaInfo, Rational } from '@ecg-render/ffmpeg';

/**
 * The frames a single-pass render of the whole source produces: the same rule as renderVideo's
 * output geometry (packages/pipeline, render-video.ts `outputGeometry`), which segment plans must
 * match frame for frame: the requested rate, else the source's (its average for variable frame
 * rate); the container's frame count when the grid is the source's own, else duration × rate.
 */
export function outputFrameGrid(input: { info: MediaInfo; fps?: Rational }): {
  fps: Rational;
  frameCount: number;
} {
  const { video } = input.info;
  const fps = input.fps ?? (video.isVfr ? video.avgFps : video.fps);
  const rate = fps.num / fps.den;
  const duration = video.durationSec > 0 ? video.durationSec : input.info.durationSec;
  const sameGrid = input.fps === undefined && !video.isVfr;
  const frameCount =
    sameGrid && video.frameCount > 0 ? video.frameCount : Math.max(1, Math.round(duration * rate));
  return { fps, frameCount };
}
