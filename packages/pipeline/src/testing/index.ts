// Test helpers other workspaces use too: generated media, frame decoding and comparison, the
// one-caption scenario, leftover render processes.
export {
  decodeFrames,
  inspectVideo,
  makeTestVideo,
  psnr,
  type Region,
  type StreamFacts,
} from './media.js';
export { processesMatching, renderChildren } from './processes.js';
export { textScenario } from './text-scenario.js';
