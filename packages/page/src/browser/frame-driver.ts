import { frameChanged, frameVisible, warmStartFrame, type FrameTable } from '../frame-table.js';
import { frameTime, type Rational } from '../frame-time.js';
import type { GotoResult } from '../protocol.js';
import type { EngineHost } from './engine-host.js';
import type { PageFailure } from './page-failure.js';
import type { PluginHost } from './plugin-host.js';
import type { SeededRandom } from './seeded-random.js';
import type { VirtualClock } from './virtual-clock.js';

interface GsapLike {
  updateRoot(time: number): void;
  globalTimeline: {
    clear(): void;
    getChildren(nested: boolean, tweens: boolean, timelines: boolean): GsapAnimation[];
  };
}
interface GsapAnimation {
  paused(): boolean;
  endTime(includeRepeats?: boolean): number;
}

export interface FrameDriver {
  goto(index: number): Promise<GotoResult>;
  /** Forgets all state, as if the page had just been initialised. */
  reset(): void;
}

/**
 * Makes the page's state a pure function of the frame index. Frames are always processed in
 * increasing order from a point whose state does not depend on anything earlier: going forward it
 * continues from the last frame; going back (or jumping into a segment) it resets and replays from
 * the earliest mount among the nodes visible at the target ("warm start"), without capturing.
 * Frames the scenario says cannot change anything are skipped unless something in the page runs
 * on its own (tweens, timers, CSS animations).
 */
export function createFrameDriver(options: {
  engine: EngineHost;
  clock: VirtualClock;
  random: SeededRandom;
  gsap: GsapLike;
  plugins: PluginHost;
  table: FrameTable;
  fps: Rational;
  fail: (failure: PageFailure) => never;
  /** Told the frame being processed (replays included) before the engine sees it. */
  onProcess: (frame: number) => void;
}): FrameDriver {
  const { engine, clock, random, gsap, plugins, table, fps, fail } = options;
  let last: number | null = null;
  let dynamic = false;
  const animationStarts = new Map<Animation, number>();

  const syncWebAnimations = (ms: number): boolean => {
    let running = false;
    for (const animation of document.getAnimations()) {
      let start = animationStarts.get(animation);
      if (start === undefined) {
        start = ms;
        animationStarts.set(animation, start);
        animation.pause();
      }
      animation.currentTime = ms - start;
      const end = animation.effect?.getComputedTiming().endTime;
      if (typeof end === 'number' && ms - start < end) running = true;
    }
    return running;
  };

  const gsapRunning = (seconds: number): boolean =>
    gsap.globalTimeline
      .getChildren(false, true, true)
      .some((animation) => !animation.paused() && animation.endTime(true) > seconds);

  const process = (frame: number): void => {
    options.onProcess(frame);
    const seconds = frameTime(frame, fps);
    const ms = seconds * 1000;
    clock.advanceTo(ms);
    random.use(`frame:${frame}`);
    gsap.updateRoot(seconds);
    try {
      engine.seek(seconds);
    } catch (error) {
      const failures = plugins.takeFailures();
      const first = failures[0];
      fail({
        code: first ? 'PLUGIN_FAILED' : 'INVALID_SCENARIO',
        message: first
          ? `Plugin ${first.plugin} failed in ${first.phase} at frame ${frame}: ${first.message}`
          : `Rendering frame ${frame} failed: ${error instanceof Error ? error.message : String(error)}`,
        frame,
        details: { failures },
      });
    }
    // Tweens created while the engine updated (plugin init) start at this frame's time.
    gsap.updateRoot(seconds);
    clock.runAnimationFrames();
    const animating = syncWebAnimations(ms);
    const failures = plugins.takeFailures();
    if (failures.length > 0) {
      const first = failures[0]!;
      fail({
        code: 'PLUGIN_FAILED',
        message: `Plugin ${first.plugin} failed in ${first.phase} at frame ${frame}: ${first.message}`,
        frame,
        details: { failures },
      });
    }
    dynamic =
      animating ||
      clock.pendingCount() > 0 ||
      gsapRunning(seconds) ||
      engine.container.querySelector('video') !== null;
  };

  const reset = (): void => {
    engine.unmountAll();
    clock.clear();
    gsap.globalTimeline.clear();
    for (const animation of document.getAnimations()) animation.cancel();
    animationStarts.clear();
    last = null;
    dynamic = false;
  };

  const decodeImages = async (): Promise<void> => {
    const images = Array.from(engine.container.querySelectorAll('img'));
    await Promise.all(
      images.map((img) =>
        img.complete && img.naturalWidth > 0
          ? Promise.resolve()
          : img.decode().catch(() => undefined),
      ),
    );
  };

  return {
    reset,
    async goto(index) {
      if (last === index) return { processed: 0, dynamic, visible: frameVisible(table, index) };
      let processed = 0;
      let from: number;
      if (last !== null && index > last) {
        from = last + 1;
      } else {
        reset();
        from = warmStartFrame(table, index);
        process(from);
        processed += 1;
        from += 1;
      }
      for (let frame = from; frame <= index; frame += 1) {
        if (frame === index || dynamic || frameChanged(table, frame)) {
          process(frame);
          processed += 1;
        }
      }
      last = index;
      await decodeImages();
      return { processed, dynamic, visible: frameVisible(table, index) };
    },
  };
}
