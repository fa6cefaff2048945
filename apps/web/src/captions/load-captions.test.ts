import { describe, expect, it } from 'vitest';
import { loadCaptions } from './load-captions.js';

const context = { aspect: '16:9' as const };

const scenario = (extra: Record<string, unknown> = {}) => ({
  version: '2.0',
  timebase: { unit: 'seconds' },
  stage: { baseAspect: '16:9' },
  tracks: [{ id: 't', type: 'subtitle', layer: 1 }],
  cues: [
    {
      id: 'c',
      track: 't',
      root: {
        id: 'g',
        eType: 'group',
        children: [
          {
            id: 'x',
            eType: 'text',
            text: 'hello',
            displayTime: [0, 1],
            layout: { position: [0.5, 0.8] },
            pluginChain: [{ name: 'fadeIn' }],
          },
        ],
      },
    },
  ],
  ...extra,
});

describe('loadCaptions', () => {
  it('normalises a scenario as the workers do, with each fix located', () => {
    const loaded = loadCaptions(
      { kind: 'scenario', text: JSON.stringify(scenario()), filename: 's.json' },
      context,
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.issues).toEqual([
      {
        severity: 'warning',
        code: 'ARRAY_POSITION',
        path: '$.cues[0].root.children[0].layout.position',
        message: expect.stringContaining('{x: 0.5, y: 0.8}'),
      },
    ]);
    const root = loaded.scenario.cues[0]!.root as { children: { layout: unknown }[] };
    expect(root.children[0]!.layout).toEqual({ position: { x: 0.5, y: 0.8 } });
    // What is sent is what is previewed.
    expect(JSON.parse(loaded.scenarioText)).toEqual(loaded.scenario);
    expect(loaded.pluginNames).toEqual(['fadeIn']);
    expect(loaded.format).toBe('scenario');
  });

  it('reports an invalid scenario with its code and JSON path', () => {
    const broken = scenario();
    (broken.cues[0] as { track: string }).track = 'nope';
    expect(
      loadCaptions({ kind: 'scenario', text: JSON.stringify(broken), filename: null }, context),
    ).toEqual({
      ok: false,
      issues: [
        {
          severity: 'error',
          code: 'INVALID_SCENARIO',
          path: '$.cues[0].track',
          message: '$.cues[0].track: unknown track "nope"',
        },
      ],
    });
    const old = loadCaptions(
      { kind: 'scenario', text: '{"version":"1.3"}', filename: null },
      context,
    );
    expect(old).toMatchObject({
      ok: false,
      issues: [{ code: 'UNSUPPORTED_SCENARIO_VERSION', path: '$.version' }],
    });
    const schema = loadCaptions(
      { kind: 'scenario', text: JSON.stringify(scenario({ tracks: 'none' })), filename: null },
      context,
    );
    expect(schema).toMatchObject({
      ok: false,
      issues: [{ code: 'INVALID_SCENARIO', path: '$.tracks' }],
    });
  });

  it('refuses a font the service could not load, as the API does, and takes an embedded one', () => {
    const withFont = (src: string) =>
      loadCaptions(
        {
          kind: 'scenario',
          text: JSON.stringify(scenario({ define: { brand: { type: 'font', family: 'B', src } } })),
          filename: null,
        },
        context,
      );
    expect(withFont('https://fonts.example.com/b.woff2')).toMatchObject({
      ok: false,
      issues: [{ severity: 'error', code: 'ASSET_NOT_ALLOWED', path: '$.define.brand' }],
    });
    expect(withFont('fonts/b.woff2')).toMatchObject({
      ok: false,
      issues: [{ code: 'ASSET_NOT_FOUND', path: '$.define.brand' }],
    });
    expect(withFont('data:font/woff2;base64,d09GMg==')).toMatchObject({ ok: true });
  });

  it('points at the line and column of broken JSON', () => {
    const loaded = loadCaptions(
      { kind: 'scenario', text: '{\n  "version": "2.0",\n  "cues": [}\n', filename: null },
      context,
    );
    expect(loaded).toMatchObject({
      ok: false,
      issues: [{ severity: 'error', code: 'INVALID_JSON', path: '$', line: 3, column: 12 }],
    });
  });

  it('converts subtitles with a preset into a scenario the engine accepts', () => {
    const srt =
      '1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\n<i>Bye</i>\n';
    const loaded = loadCaptions(
      { kind: 'subtitles', text: srt, filename: 'a.srt', preset: 'boxed' },
      { aspect: '16:9', fps: 30 },
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.format).toBe('srt');
    expect(loaded.scenario.version).toBe('2.0');
    expect(loaded.scenario.timebase).toEqual({ unit: 'seconds', fps: 30 });
    expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reports unreadable subtitles with line and column', () => {
    const loaded = loadCaptions(
      {
        kind: 'subtitles',
        text: '1\n00:00:01,000 --> nonsense\nHi\n',
        filename: 'a.srt',
        preset: 'clean',
      },
      context,
    );
    expect(loaded).toMatchObject({
      ok: false,
      issues: [{ code: 'INVALID_SUBTITLES', line: expect.any(Number) }],
    });
  });

  it('asks for captions when there are none', () => {
    expect(loadCaptions({ kind: 'scenario', text: '  ', filename: null }, context)).toMatchObject({
      ok: false,
      issues: [{ code: 'NO_CAPTIONS' }],
    });
  });
});
