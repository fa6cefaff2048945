import { MotionTextRenderer } from 'motiontext-renderer';
import { frameAtTime, frameTime, type Rational } from './frame-math.js';

export interface PreviewEngine {
  /** Draws the captions of the frame showing now (when paused); the engine follows playback. */
  snap(): void;
  dispose(): void;
}

/**
 * Hosts motiontext-renderer over the <video> the way the workers' render page hosts it, so the
 * preview is what gets rendered:
 * - the caption stage is laid out at the output size (`width`×`height` CSS pixels; the studio
 *   scales the whole stage visually), so fonts, wrapping and positions are computed on the same
 *   box as in the render;
 * - the engine's stage is given the output dimensions as its media size, exactly as the render
 *   page does (engine-host.ts), while the real <video> drives its timeline (attachMedia);
 * - when paused or seeked, captions are drawn at the start time of the frame on screen (frame i
 *   covers [i/fps, (i+1)/fps), the render's convention), not at the raw media time, which is the
 *   middle of the frame after a frame step. During playback the engine follows the video's frame
 *   callbacks, which report each frame's own timestamp.
 */
export async function createPreviewEngine(options: {
  /** The caption layer: covers the stage exactly. */
  host: HTMLElement;
  video: HTMLVideoElement;
  scenario: unknown;
  width: number;
  height: number;
  fps: Rational;
  /** After each snap: something to check (plugin failures) once the engine has drawn. */
  onDrawn?: () => void;
}): Promise<PreviewEngine> {
  const { host, video, width, height, fps } = options;
  const container = document.createElement('div');
  host.replaceChildren(container);
  const renderer = new MotionTextRenderer(container, {
    debugMode: false,
    fps: fps.num / fps.den,
  });
  try {
    // The engine keeps and annotates the object it is given; the studio's copy stays as it was.
    await renderer.loadConfig(structuredClone(options.scenario));
  } catch (error) {
    renderer.dispose();
    container.remove();
    throw error;
  }
  renderer.attachMedia(video);
  const inner = (renderer as any).renderer;
  inner.stage.setMedia({
    videoWidth: width,
    videoHeight: height,
    addEventListener() {},
    removeEventListener() {},
  });
  let disposed = false;
  const snap = (): void => {
    if (disposed || !video.paused) return;
    renderer.seek(frameTime(frameAtTime(video.currentTime, fps), fps));
    options.onDrawn?.();
  };
  // Registered after attachMedia, so these run after the engine's own 'seeked' handler (which
  // seeks to the raw media time) and have the last word.
  video.addEventListener('seeked', snap);
  video.addEventListener('pause', snap);
  snap();
  return {
    snap,
    dispose() {
      disposed = true;
      video.removeEventListener('seeked', snap);
      video.removeEventListener('pause', snap);
      renderer.dispose();
      container.remove();
    },
  };
}
