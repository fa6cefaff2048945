import type { GroupNode } from '../types.js';

/**
 * One caption on screen for one time range, planned but not yet placed: the builder first plans
 * every block, then stacks simultaneous ones, then asks each block for its node tree.
 */
export interface CaptionBlock {
  start: number;
  end: number;
  /** Estimated height as a fraction of the stage height. */
  height: number;
  /** Present when the block sits at a default place and must make room for others there. */
  stack?: { key: string; direction: 'up' | 'down'; room: number };
  /** ASS layer (0 for other formats). */
  layer: number;
  /** The cue's root group, `offset` away from the planned place (stage-height fraction). */
  emit(input: { id: string; offset: number }): GroupNode;
}
