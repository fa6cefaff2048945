import { MotionTextRenderer } from 'motiontext-renderer';

export interface EngineHost {
  /** The scenario as the engine parsed it: defines resolved, inheritance applied. */
  readonly parsed: unknown;
  /** The caption stage element (the engine's container). */
  readonly container: HTMLElement;
  /** The element we size and position (the container's parent). */
  readonly stageParent: HTMLElement;
  seek(seconds: number): void;
  /** Unmounts every node and disposes plugin state, as if nothing had been shown yet. */
  unmountAll(): void;
}

/**
 * Hosts motiontext-renderer exactly as the editor's preview does, minus the <video>: the engine is
 * seeked synchronously per frame and never plays.
 */
export async function createEngineHost(options: {
  scenario: unknown;
  width: number;
  height: number;
  fps: number;
  onNodeUpdate: (nodeKey: string) => void;
}): Promise<EngineHost> {
  const { width, height } = options;
  const stageParent = document.createElement('div');
  stageParent.id = 'ecg-stage';
  Object.assign(stageParent.style, {
    position: 'absolute',
    left: '0px',
    top: '0px',
    width: `${width}px`,
    height: `${height}px`,
    overflow: 'hidden',
  });
  const container = document.createElement('div');
  stageParent.appendChild(container);
  document.body.appendChild(stageParent);

  const renderer = new MotionTextRenderer(container, { debugMode: false, fps: options.fps });
  await renderer.loadConfig(options.scenario);
  const inner = (renderer as any).renderer;
  // In the editor the attached <video> gives the stage its aspect (Stage.getContentRect uses the
  // media's videoWidth/videoHeight, falling back to stage.baseAspect). Give the engine the output
  // dimensions the same way so the caption stage covers the frame exactly as in the preview.
  inner.stage.setMedia({
    videoWidth: width,
    videoHeight: height,
    addEventListener() {},
    removeEventListener() {},
  });
  // Per-node hook: the engine evaluates each mounted node's plugin chain inside updateNode, so this
  // is where Math.random is switched to that node's stream.
  const updateNode = inner.updateNode.bind(inner);
  inner.updateNode = (node: unknown, time: number, nodeKey: string, track: unknown) => {
    options.onNodeUpdate(nodeKey);
    return updateNode(node, time, nodeKey, track);
  };
  return {
    parsed: (renderer as any).scenario,
    container,
    stageParent,
    seek: (seconds) => renderer.seek(seconds),
    unmountAll: () => inner.unmountAll(),
  };
}
