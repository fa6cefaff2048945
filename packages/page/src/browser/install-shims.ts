/**
 * Imported first by main.ts: replaces clocks, timers and Math.random before GSAP, the engine or any
 * plugin can capture the real ones.
 */
import { DEFAULT_RENDER_SEED } from '../protocol.js';
import { installSeededRandom } from './seeded-random.js';
import { installVirtualClock } from './virtual-clock.js';

/** 2024-01-01T00:00:00Z: a fixed epoch, so Date-based output is the same on every run. */
const EPOCH_MS = 1_704_067_200_000;

let seed = DEFAULT_RENDER_SEED;
export const clock = installVirtualClock(EPOCH_MS);
export const random = installSeededRandom(() => seed);
export function setSeed(value: string): void {
  seed = value;
  random.use('load');
}
