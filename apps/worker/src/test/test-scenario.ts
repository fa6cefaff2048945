/**
 * A MotionText v2.0 scenario with a caption that changes every `stepSeconds` for `seconds`: every
 * frame shows a caption, and a capture is needed at every change (renders are neither trivial
 * nor skippable, and a crash lands mid-capture).
 */
export function captionScenario(input: { seconds: number; stepSeconds?: number }): unknown {
  const step = input.stepSeconds ?? 0.5;
  const cues = [];
  for (let i = 0; i * step < input.seconds; i += 1) {
    const start = i * step;
    const end = Math.min(input.seconds, start + step);
    cues.push({
      id: `cue${i}`,
      track: 'subtitle',
      root: {
        id: `group${i}`,
        eType: 'group',
        children: [
          {
            id: `text${i}`,
            eType: 'text',
            text: `Caption ${i}`,
            layout: { position: { x: 0.5, y: 0.8 } },
            displayTime: [start, end],
          },
        ],
      },
      domLifetime: [start, end],
    });
  }
  return {
    version: '2.0',
    timebase: { unit: 'seconds' },
    stage: { baseAspect: '16:9' },
    tracks: [
      {
        id: 'subtitle',
        type: 'subtitle',
        layer: 1,
        defaultStyle: {
          fontSize: '24px',
          fontFamily: 'sans-serif',
          color: '#ffffff',
          textAlign: 'center',
        },
      },
    ],
    cues,
  };
}
