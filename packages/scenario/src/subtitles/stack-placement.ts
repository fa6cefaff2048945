import type { CaptionBlock } from './caption-block.js';
import type { CueFrame } from './cue-frame.js';
import type { SafeArea } from './safe-areas.js';

/**
 * Where a caption stacks when others are on screen with it: only captions the preset placed at a
 * top or bottom edge stack (a source position is kept as the author set it). `room` is how far
 * the stack may grow before it would leave the safe area.
 */
export function stackPlacement(
  frame: CueFrame,
  layer: number,
  safe: SafeArea,
): CaptionBlock['stack'] {
  const vertical = frame.anchor[0];
  if (!frame.placedByPreset || vertical === 'c') return undefined;
  return {
    // One stack per edge and layer, whatever the horizontal place: a right-aligned and a centred
    // caption at the bottom would still collide where they meet.
    key: `${vertical}:${layer}`,
    direction: vertical === 'b' ? 'up' : 'down',
    room: vertical === 'b' ? frame.y - safe.top : 1 - safe.bottom - frame.y,
  };
}
