import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EcgError } from '@ecg-render/errors';
import { normalizeScenario } from './normalize-scenario.js';
import { pluginNamesOf, scenarioEndTime } from './scenario-facts.js';

const fixtureDir = new URL('../../../fixtures/motiontext/', import.meta.url);
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(name, fixtureDir), 'utf8')) as Record<string, unknown>;

const minimal = () => ({
  version: '2.0',
  timebase: { unit: 'seconds' },
  stage: { baseAspect: '16:9' },
  tracks: [{ id: 't', type: 'subtitle', layer: 1 }],
  cues: [
    {
      id: 'c1',
      track: 't',
      root: {
        id: 'g1',
        eType: 'group',
        children: [{ id: 'x1', eType: 'text', text: 'hi', displayTime: [1, 2] }],
      },
    },
  ],
});

function codeOf(fn: () => unknown): {
  code: string;
  message: string;
  details: Record<string, unknown>;
} {
  try {
    fn();
  } catch (error) {
    if (error instanceof EcgError)
      return { code: error.code, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('normalizeScenario', () => {
  it.each(readdirSync(fixtureDir).filter((f) => f.endsWith('.json')))(
    'accepts the fixture %s',
    (name) => {
      const { scenario } = normalizeScenario(fixture(name));
      expect(scenario.version).toBe('2.0');
    },
  );

  it('rewrites [x, y] positions as {x, y} and says where', () => {
    const { scenario, warnings } = normalizeScenario(fixture('basic.json'));
    const text = (scenario.cues[0]!.root as { children: { layout: { position: unknown } }[] })
      .children[0]!;
    expect(text.layout.position).toEqual({ x: 0.5, y: 0.85 });
    expect(warnings.filter((w) => w.code === 'ARRAY_POSITION').map((w) => w.path)).toContain(
      '$.cues[0].root.children[0].layout.position',
    );
  });

  it('reads v1.3 node fields in a v2.0 document and warns', () => {
    const { resolved, warnings } = normalizeScenario(fixture('animated.json'));
    const title = resolved.cues[0]!.root as {
      eType: string;
      children: { eType: string; text: string }[];
    };
    expect(title.eType).toBe('group');
    expect(title.children[0]).toMatchObject({ eType: 'text', text: '🎬 애니메이션 테스트' });
    expect(
      warnings.some(
        (w) => w.code === 'LEGACY_FIELD' && w.path === '$.cues[0].root.children[0].content',
      ),
    ).toBe(true);
  });

  it('does not change the input', () => {
    const input = fixture('basic.json');
    const before = JSON.stringify(input);
    normalizeScenario(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it.each([
    ['v1.3', { ...minimal(), version: '1.3' }, 'UNSUPPORTED_SCENARIO_VERSION', '$.version'],
    [
      'no version',
      (() => {
        const s: Record<string, unknown> = minimal();
        delete s['version'];
        return s;
      })(),
      'UNSUPPORTED_SCENARIO_VERSION',
      '$.version',
    ],
    ['not an object', [], 'INVALID_SCENARIO', '$'],
    [
      'bad unit',
      { ...minimal(), timebase: { unit: 'frames' } },
      'INVALID_SCENARIO',
      '$.timebase.unit',
    ],
    [
      'reversed display time',
      (() => {
        const s = minimal();
        s.cues[0]!.root.children[0]!.displayTime = [3, 2];
        return s;
      })(),
      'INVALID_SCENARIO',
      '$.cues[0].root.children[0].displayTime',
    ],
    [
      'missing node id',
      (() => {
        const s = minimal();
        (s.cues[0]!.root.children[0] as Record<string, unknown>)['id'] = '';
        return s;
      })(),
      'INVALID_SCENARIO',
      '$.cues[0].root.children[0].id',
    ],
    [
      'text node without text',
      (() => {
        const s = minimal();
        delete (s.cues[0]!.root.children[0] as Record<string, unknown>)['text'];
        return s;
      })(),
      'INVALID_SCENARIO',
      '$.cues[0].root.children[0].text',
    ],
    [
      'unknown track',
      (() => {
        const s = minimal();
        s.cues[0]!.track = 'nope';
        return s;
      })(),
      'INVALID_SCENARIO',
      '$.cues[0].track',
    ],
    [
      'duplicate node id',
      (() => {
        const s = minimal();
        s.cues[0]!.root.children[0]!.id = 'g1';
        return s;
      })(),
      'INVALID_SCENARIO',
      '$.cues[0].root.children[0].id',
    ],
    [
      'undefined define reference',
      (() => {
        const s = minimal();
        (s.cues[0]!.root.children[0] as Record<string, unknown>)['style'] = 'define.nope';
        return s;
      })(),
      'INVALID_SCENARIO',
      '$.cues[0].root.children[0].style',
    ],
    [
      'bad plugin offset',
      (() => {
        const s = minimal();
        (s.cues[0]!.root.children[0] as Record<string, unknown>)['pluginChain'] = [
          { name: 'fadeIn', timeOffset: ['soon', '1'] },
        ];
        return s;
      })(),
      'INVALID_SCENARIO',
      '$.cues[0].root.children[0].pluginChain[0].timeOffset[0]',
    ],
  ])('rejects %s with its code and JSON path', (_name, input, code, path) => {
    const error = codeOf(() => normalizeScenario(input));
    expect(error.code).toBe(code);
    expect(error.details['path']).toBe(path);
    expect(error.message).toContain(path);
  });

  it('lists plugin names and the last display time', () => {
    const { resolved } = normalizeScenario(fixture('plugin_local.json'));
    expect(pluginNamesOf(resolved)).toEqual(['bobY', 'glow', 'pulse', 'spin']);
    expect(scenarioEndTime(resolved)).toBe(8);
  });
});
