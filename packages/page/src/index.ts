import { fileURLToPath } from 'node:url';

export type * from './protocol.js';
export { DEFAULT_RENDER_SEED } from './protocol.js';
export {
  frameTime,
  firstFrameAtOrAfter,
  lastFrameAtOrBefore,
  type Rational,
} from './frame-time.js';
export {
  buildFrameTable,
  frameChanged,
  frameVisible,
  warmStartFrame,
  type FrameTable,
  type FrameRange,
} from './frame-table.js';
export { extractTimeline } from './timeline-extract.js';
export { pluginWindow } from './plugin-window.js';

/** Folder holding the built render page (index.html, page.js); built by packages/page/build.mjs. */
export const pageBundleDir = fileURLToPath(new URL('../dist/bundle/', import.meta.url));
