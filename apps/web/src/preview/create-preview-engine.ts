import { MotionTextRenderer } from 'motiontext-renderer';
import { buildFrameTable, frameChanged, warmStartFrame } from '@ecg-render/page/frame-table';
import { DEFAULT_RENDER_SEED, type PluginWindow } from '@ecg-render/page/protocol';
import { createSeededRandom } from '@ecg-render/page/seeded-random';
import { extractTimeline } from '@ecg-render/page/timeline-extract';
import { fontAssetSources, type Scenario } from '@ecg-render/scenario';
import { firstFrameAtOrAfter } from '@ecg-render/page/frame-time';
import { frameAtTime, frameTime, type Rational } from './frame-math.js';

/**
 * The most frames a paused frame is replayed from (a minute at 30 fps): beyond it, a caption that
 * has been up longer starts its replay here, and only plugins that keep state from their first
 * frame could tell.
 */
const MAX_REPLAY_FRAMES = 1800;

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
 *   middle of the frame after a frame step, and they are drawn the way the render page draws that
 *   frame: every caption on screen is unmounted and replayed from its first frame (the page's
 *   warm start), with Math.random seeded per node and frame as the page seeds it, so plugins that
 *   draw random numbers or keep state from their first frame show what the render shows. During
 *   playback the engine follows the video's frame callbacks, which report each frame's own
 *   timestamp; plugin updates still draw from the node's stream for that frame.
 */
export async function createPreviewEngine(options: {
  /** The caption layer: covers the stage exactly. */
  host: HTMLElement;
  video: HTMLVideoElement;
  scenario: unknown;
  width: number;
  height: number;
  fps: Rational;
  /** The kind of each registered plugin (the frame table's plugin windows depend on it). */
  pluginKind: (name: string) => PluginWindow['kind'];
  /** The render's seed; the studio's renders use the default. */
  seed?: string;
  /** After each snap: something to check (plugin failures) once the engine has drawn. */
  onDrawn?: () => void;
}): Promise<PreviewEngine> {
  const { host, video, width, height, fps } = options;
  // Fonts the scenario embeds, as the render page loads them (the API refuses any other kind).
  const faces: FontFace[] = [];
  for (const font of fontAssetSources(options.scenario as Scenario, { files: false })) {
    if (font.origin !== 'embedded') continue;
    const face = new FontFace(font.family, `url("${font.url}")`);
    try {
      await face.load();
    } catch (error) {
      for (const loaded of faces) document.fonts.delete(loaded);
      throw new Error(
        `Font "${font.family}" (define.${font.key}) could not be loaded: ${String(error)}`,
      );
    }
    document.fonts.add(face);
    faces.push(face);
  }
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
    for (const face of faces) document.fonts.delete(face);
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
  // The page's frame table, over the frames the scenario reaches: which frames may change, and
  // where the replay of a frame starts.
  const timeline = extractTimeline((renderer as any).scenario, options.pluginKind);
  const lastEnd = Math.max(
    0,
    ...timeline.nodes.map((node) => (node.active ? node.active[1] : 0)).filter(Number.isFinite),
  );
  const table = buildFrameTable({
    timeline,
    fps,
    frameCount: firstFrameAtOrAfter(lastEnd, fps) + 2,
  });
  const seed = options.seed ?? DEFAULT_RENDER_SEED;
  const random = createSeededRandom(() => seed);
  /** The frame a replay is drawing; null while the engine follows playback. */
  let replaying: number | null = null;
  const updateNode = inner.updateNode.bind(inner);
  inner.updateNode = (node: unknown, time: number, nodeKey: string, track: unknown) => {
    if (replaying !== null) {
      // As the page: the node's stream for this frame stays selected until the next node's.
      random.use(`${nodeKey}#${replaying}`);
      return updateNode(node, time, nodeKey, track);
    }
    random.use(`${nodeKey}#${frameAtTime(time, fps)}`);
    const real = Math.random;
    Math.random = random.next;
    try {
      return updateNode(node, time, nodeKey, track);
    } finally {
      Math.random = real;
    }
  };
  const replayTo = (index: number): void => {
    const start = Math.max(warmStartFrame(table, index), index - MAX_REPLAY_FRAMES);
    const real = Math.random;
    Math.random = random.next;
    try {
      inner.unmountAll();
      for (let frame = start; frame <= index; frame += 1) {
        if (frame !== start && frame !== index && !frameChanged(table, frame)) continue;
        replaying = frame;
        random.use(`frame:${frame}`);
        renderer.seek(frameTime(frame, fps));
      }
    } finally {
      replaying = null;
      Math.random = real;
    }
  };
  let disposed = false;
  const snap = (): void => {
    if (disposed || !video.paused) return;
    replayTo(frameAtTime(video.currentTime, fps));
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
      for (const face of faces) document.fonts.delete(face);
    },
  };
}
