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
  if (input.fadeIn > 0.001 && last > start)
    plugins.push(
      pluginWindow({ name: 'fadeIn', start, end: Math.min(last, start + input.fadeIn) }),
    );
  if (input.fadeOut > 0.001 && last > start)
    plugins.push(
      pluginWindow({ name: 'fadeOut', start: Math.max(start, last - input.fadeOut), end: last }),
    );
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
