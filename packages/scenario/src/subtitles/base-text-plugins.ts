import type { PluginSpec } from '../types.js';
import type { CueFrame } from './cue-frame.js';
import { displayEnd } from './display-end.js';
import { pluginWindow } from './plugin-window.js';

export interface BaseTextPluginsInput {
  frame: CueFrame;
  start: number;
  end: number;
  fadeIn: number;
  fadeOut: number;
}

/**
 * Fades and the mapped `\move` for one text node. They go on every text node rather than the
 * group: DOM plugins animate a node's own effects root, which does not contain its children.
 */
export function baseTextPlugins(input: BaseTextPluginsInput): PluginSpec[] {
  const { frame, start, end } = input;
  const last = displayEnd(start, end);
  const plugins: PluginSpec[] = [];
  // Fades straddle the cue's boundaries (a third outside, two thirds inside): the engine mounts
  // the node at `start`, so a fade beginning exactly there would spend the cue's first frame at
  // opacity 0 (and a fade ending at `last` its last frame) — the caption must be on screen on
  // every frame of its cue, whatever the frame rate.
  if (input.fadeIn > 0.001 && last > start) {
    const lead = input.fadeIn / 3;
    plugins.push(
      pluginWindow({
        name: 'fadeIn',
        start: start - lead,
        end: Math.min(last, start + input.fadeIn - lead),
      }),
    );
  }
  if (input.fadeOut > 0.001 && last > start) {
    const tail = input.fadeOut / 3;
    plugins.push(
      pluginWindow({
        name: 'fadeOut',
        start: Math.max(start, last - input.fadeOut + tail),
        end: last + tail,
      }),
    );
  }
  if (frame.slide && Math.max(start, frame.slide.start) < Math.min(last, frame.slide.end)) {
    plugins.push(
      pluginWindow({
        name: 'slideUp',
        start: Math.max(start, frame.slide.start),
        end: Math.min(last, frame.slide.end),
        params: { distance: Math.round(frame.slide.distance * 1e5) / 1e5, fade: false },
      }),
    );
  }
  return plugins;
}
