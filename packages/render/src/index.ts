export { CdpConnection, type CdpEvent } from './cdp-connection.js';
export { findChromium, type CaptureMode, type ChromiumExecutable } from './find-chromium.js';
export { launchBrowser, type Browser } from './launch-browser.js';
export { openCaptureSession, type CaptureSession } from './capture-session.js';
export { PAGE_ORIGIN, serveOrigin, type PageOriginOptions } from './page-origin.js';
export { planFrames, cropBox, type FramePlan, type FrameUnit } from './plan-frames.js';
export { captureFrames, type CaptureStats, type OverlayChange } from './capture-frames.js';
export { pluginRefs } from './plugin-refs.js';
export { encodePng } from './encode-png.js';
