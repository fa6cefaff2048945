/**
 * Splits frames [0, frameCount) into contiguous ranges of about `segmentSeconds` each, for
 * rendering on several workers. Ranges are balanced (sizes differ by at most one frame) rather
 * than cut at fixed lengths, so there is no tiny last segment whose fixed costs (browser start,
 * probe) outweigh its frames. One range when the job is not longer than one segment or
 * segmenting is off (`segmentSeconds` 0).
 */
export function planSegmentRanges(input: {
  frameCount: number;
  fps: number;
  segmentSeconds: number;
}): { frameStart: number; frameEnd: number }[] {
  const { frameCount, fps, segmentSeconds } = input;
  const perSegment = Math.max(1, Math.round(segmentSeconds * fps));
  if (segmentSeconds <= 0 || frameCount <= perSegment)
    return [{ frameStart: 0, frameEnd: frameCount }];
  const count = Math.ceil(frameCount / perSegment);
  return Array.from({ length: count }, (_, i) => ({
    frameStart: Math.round((i * frameCount) / count),
    frameEnd: Math.round(((i + 1) * frameCount) / count),
  }));
}
