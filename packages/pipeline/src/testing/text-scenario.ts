/**
 * A v2.0 scenario with one text caption on one subtitle track: what most render tests need.
 * `node` is merged into the text node (style, pluginChain, …); `scenario` into the top level.
 */
export function textScenario(options: {
  text: string;
  displayTime: [number, number];
  position?: { x: number; y: number };
  trackStyle?: Record<string, unknown>;
  node?: Record<string, unknown>;
  scenario?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    version: '2.0',
    timebase: { unit: 'seconds' },
    stage: { baseAspect: '16:9' },
    tracks: [
      {
        id: 't',
        type: 'subtitle',
        layer: 1,
        defaultStyle: options.trackStyle ?? { fontSizeRel: 0.08, color: '#fff' },
      },
    ],
    cues: [
      {
        id: 'c',
        track: 't',
        root: {
          id: 'n',
          eType: 'text',
          text: options.text,
          displayTime: options.displayTime,
          layout: { position: options.position ?? { x: 0.5, y: 0.8 } },
          ...options.node,
        },
      },
    ],
    ...options.scenario,
  };
}
