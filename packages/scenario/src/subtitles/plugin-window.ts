import type { PluginSpec } from '../types.js';

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * A plugin that runs over exactly [start, end] seconds. The engine measures a percentage on the
 * end bound from the base *end*, so `["0%", "0%"]` over `baseTime` is the exact window, while an
 * omitted timeOffset (`["0%", "100%"]`) would run past the end.
 */
export function pluginWindow(input: {
  name: string;
  start: number;
  end: number;
  params?: Record<string, unknown>;
}): PluginSpec {
  const spec: PluginSpec = {
    name: input.name,
    baseTime: [round(input.start), round(input.end)],
    timeOffset: ['0%', '0%'],
  };
  if (input.params && Object.keys(input.params).length > 0) spec.params = input.params;
  return spec;
}
