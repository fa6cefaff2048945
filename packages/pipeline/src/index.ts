export {
  renderVideo,
  type RenderVideoOptions,
  type RenderSummary,
  type RenderProgress,
  type RenderWarning,
} from './render-video.js';
export { startMemorySampler, type MemorySampler } from './memory-sampler.js';
export { createOverlayWriter, type OverlayWriter } from './overlay-writer.js';
