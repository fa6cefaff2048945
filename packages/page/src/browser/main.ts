// Order matters: the shims must replace clocks, timers and Math.random before GSAP and the engine
// load (GSAP captures Date.now when its module evaluates).
import { clock, random, setSeed } from './install-shims.js';
import { gsap } from 'gsap';
import { buildFrameTable } from '../frame-table.js';
import type {
  Box,
  InitRequest,
  InitResult,
  PageEntry,
  PageMethod,
  PageMethods,
  PageResult,
} from '../protocol.js';
import { extractTimeline } from '../timeline-extract.js';
import { createEngineHost, type EngineHost } from './engine-host.js';
import { checkFonts, loadFontAssets } from './fonts.js';
import { createFrameDriver, type FrameDriver } from './frame-driver.js';
import { measureContent, unionBoxes } from './measure.js';
import { fail, PageFailureError } from './page-failure.js';
import { loadPlugins } from './plugin-host.js';

// The engine and plugins reach GSAP through window.gsap (the engine's plugin context passes it on).
(window as unknown as { gsap: unknown }).gsap = gsap;
// GSAP must follow frame time, not its own rAF ticker: the driver calls updateRoot(t) per frame.
gsap.ticker.remove(gsap.updateRoot);
gsap.ticker.lagSmoothing(0);

const ENGINE_VERSION = 'motiontext-renderer@1.5.0';

let engine: EngineHost | null = null;
let driver: FrameDriver | null = null;

async function init(request: InitRequest): Promise<InitResult> {
  if (engine) fail({ code: 'INTERNAL', message: 'The page is already initialised' });
  setSeed(request.seed);
  await loadFontAssets(request.fonts);
  const plugins = await loadPlugins(request.plugins);
  const fps = request.fps.num / request.fps.den;
  try {
    engine = await createEngineHost({
      scenario: request.scenario,
      width: request.width,
      height: request.height,
      fps,
      // Each node draws from its own stream per processed frame: the same numbers whatever order
      // frames are rendered in and whichever other nodes are on screen.
      onNodeUpdate: (nodeKey) => random.use(`${nodeKey}#${currentFrame}`),
    });
  } catch (error) {
    fail({
      code: 'INVALID_SCENARIO',
      message: `The engine rejected the scenario: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  // Start-up housekeeping (the engine's resize debounce) must not count as page activity.
  clock.flushTimers();
  const warnings = checkFonts(engine.parsed);
  const timeline = extractTimeline(engine.parsed, (name) => plugins.kind(name));
  const table = buildFrameTable({
    timeline,
    fps: request.fps,
    frameCount: request.frameCount,
    firstFrame: request.firstFrame,
  });
  const host = engine;
  driver = createFrameDriver({
    engine: host,
    clock,
    random,
    gsap: gsap,
    plugins,
    table,
    fps: request.fps,
    fail,
    onProcess: (frame) => {
      currentFrame = frame;
    },
  });
  return { timeline, warnings, engineVersion: ENGINE_VERSION };
}

/** The frame being processed: seeds per-node randomness and labels errors. */
let currentFrame = 0;

function requireReady(): { engine: EngineHost; driver: FrameDriver } {
  if (!engine || !driver) fail({ code: 'INTERNAL', message: 'The page is not initialised' });
  return { engine, driver };
}

async function measure(frames: number[]): Promise<Box | null> {
  const ready = requireReady();
  let box: Box | null = null;
  for (const frame of frames) {
    await ready.driver.goto(frame);
    box = unionBoxes(box, measureContent(ready.engine.container, ready.engine.stageParent));
  }
  return box;
}

function setViewportOrigin(box: Box): null {
  const { engine: host } = requireReady();
  host.stageParent.style.left = `${-box.x}px`;
  host.stageParent.style.top = `${-box.y}px`;
  return null;
}

const methods: { [M in PageMethod]: (...args: PageMethods[M]['args']) => unknown } = {
  init,
  measure,
  setViewportOrigin,
  goto: (index: number) => requireReady().driver.goto(index),
};

const entry: PageEntry = {
  async call(method, args) {
    try {
      const fn = methods[method] as (...a: unknown[]) => unknown;
      const value = await fn(...(args as unknown[]));
      return { ok: true, value } as PageResult<never>;
    } catch (error) {
      if (error instanceof PageFailureError) {
        return {
          ok: false,
          error: { ...error.failure, frame: error.failure.frame ?? currentFrame },
        };
      }
      return {
        ok: false,
        error: {
          code: 'INTERNAL',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
          frame: currentFrame,
        },
      };
    }
  },
};

(window as unknown as { __ecg: PageEntry }).__ecg = entry;
