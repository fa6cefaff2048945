import { EcgError } from '@ecg-render/errors';
import { describe, expect, it } from 'vitest';
import type { GroupNode, PluginSpec, Scenario, ScenarioNode, TextNode } from '../types.js';
import { HALF_OPEN_EPSILON } from '../types.js';
import { buildScenario } from './build-scenario.js';
import { parseSubtitles } from './parse-subtitles.js';
import { presetNames } from './preset-names.js';
import type { PresetName, StageAspect } from './preset-types.js';
import { SAFE_AREAS } from './safe-areas.js';
import { checkScenarioStructure } from './testing/check-scenario-structure.js';
import type { SubtitleDocument } from './types.js';

const SRT = `1
00:00:01,000 --> 00:00:03,500
<i>Hello</i> there, this is a rather long subtitle line that needs two lines on screen

2
00:00:03,000 --> 00:00:05,000
{\\an8}Overlapping second speaker

3
00:00:06,000 --> 00:00:08,000
안녕하세요 여러분, 오늘은 정말 좋은 날씨입니다

4
00:00:08,000 --> 00:00:10,000
今日はとても良い天気ですね。明日も晴れるでしょう。
`;

const VTT = `WEBVTT

00:01.000 --> 00:04.000 line:10% align:left
<v Bob>Never <00:01.500>drink <00:02.000>liquid <00:03.000>nitrogen

00:05.000 --> 00:07.000 position:80%,line-right size:30%
<c.yellow>Right side</c> &amp; more
`;

const ASS = `[Script Info]
PlayResX: 1920
PlayResY: 1080

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Noto Sans,54,&H00FFFFFF,&H0000FFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,1,2,20,20,40,1
Style: Box,Arial,40,&H00FFFFFF,&H000000FF,&H80000000,&H00000000,-1,0,0,0,100,100,0,0,3,2,0,8,20,20,40,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,{\\pos(960,540)\\an5\\fad(200,300)}Centre {\\c&H0000FF&}red{\\c} text
Dialogue: 1,0:00:02.00,0:00:05.00,Box,,0,0,0,,Boxed at the top
Dialogue: 0,0:00:05.00,0:00:08.00,Default,,0,0,0,,{\\k50}Ka{\\k50}ra{\\kf100}o{\\k20}ke {\\k80}time
Dialogue: 0,0:00:08.00,0:00:10.00,Default,,0,0,0,,{\\move(960,1000,960,800)}Rising
`;

const JSON_WORDS = JSON.stringify({
  segments: [
    {
      start: 0.5,
      end: 6,
      text: 'x',
      words: 'You know, we should all do this together. Go see a musical tonight with friends!'
        .split(' ')
        .map((word, index) => ({
          word: ` ${word}`,
          start: 0.5 + index * 0.35,
          end: 0.5 + index * 0.35 + 0.3,
        })),
    },
    {
      start: 7,
      end: 9,
      text: '你好世界',
      words: [
        { word: '你好', start: 7, end: 8 },
        { word: '世界', start: 8, end: 9 },
      ],
    },
  ],
});

const DOCS: Record<string, SubtitleDocument> = {
  srt: parseSubtitles(SRT),
  vtt: parseSubtitles(VTT),
  ass: parseSubtitles(ASS),
  json: parseSubtitles(JSON_WORDS),
};

const nodes = (node: ScenarioNode): ScenarioNode[] => [
  node,
  ...(node.eType === 'group' ? (node.children ?? []).flatMap(nodes) : []),
];
const textNodes = (scenario: Scenario): TextNode[] =>
  scenario.cues.flatMap((cue) => nodes(cue.root)).filter((n): n is TextNode => n.eType === 'text');
/** The caption group inside a cue's placing root group. */
const caption = (cue: { root: ScenarioNode }): GroupNode =>
  (cue.root as GroupNode).children![0] as GroupNode;
const plugins = (node: ScenarioNode): PluginSpec[] => (node.pluginChain ?? []) as PluginSpec[];
const plugin = (node: ScenarioNode, name: string): PluginSpec | undefined =>
  plugins(node).find((p) => p.name === name);

describe('buildScenario: every preset, aspect and source format', () => {
  const cases = presetNames.flatMap((preset) =>
    (['16:9', '9:16'] as StageAspect[]).flatMap((aspect) =>
      Object.keys(DOCS).map((format) => [preset, aspect, format] as const),
    ),
  );

  it.each(cases)('%s %s from %s passes the structural check', (preset, aspect, format) => {
    const { scenario } = buildScenario(DOCS[format]!, { preset, aspect, fps: 30 });
    expect(checkScenarioStructure(scenario)).toEqual([]);
    expect(scenario).toMatchObject({
      version: '2.0',
      pluginApiVersion: '3.0',
      timebase: { unit: 'seconds', fps: 30 },
      stage: { baseAspect: aspect },
    });
    // JSON-safe and free of array positions anywhere.
    const json = JSON.stringify(scenario);
    expect(JSON.parse(json)).toEqual(JSON.parse(json));
    expect(json).not.toMatch(/"position":\s*\[/);
    expect(textNodes(scenario).length).toBeGreaterThan(0);
  });

  it('rejects unknown presets, aspects and fps', () => {
    expect(() => buildScenario(DOCS.srt!, { preset: 'neon' as PresetName })).toThrow(EcgError);
    expect(() => buildScenario(DOCS.srt!, { aspect: '4:3' as StageAspect })).toThrow(/aspect/);
    expect(() => buildScenario(DOCS.srt!, { fps: 0 })).toThrow(/fps/);
  });
});

describe('buildScenario: timing', () => {
  it('ends every cue half a millisecond early and runs plugins over exact windows', () => {
    const { scenario } = buildScenario(DOCS.srt!, { preset: 'clean' });
    const first = scenario.cues[0]!;
    expect(first.root.displayTime).toEqual([1, 3.5 - HALF_OPEN_EPSILON]);
    expect(first.domLifetime).toEqual([1, 3.5 - HALF_OPEN_EPSILON]);
    const text = textNodes({ ...scenario, cues: [first] })[0]!;
    expect(plugin(text, 'fadeIn')).toEqual({
      name: 'fadeIn',
      // Fades straddle the cue's edges by a third (see base-text-plugins).
      baseTime: [0.96, 1.08],
      timeOffset: ['0%', '0%'],
    });
    expect(plugin(text, 'fadeOut')).toEqual({
      name: 'fadeOut',
      baseTime: [3.4195, 3.5395],
      timeOffset: ['0%', '0%'],
    });
  });

  it('lets back-to-back cues never share a frame time', () => {
    const doc = parseSubtitles(
      '00:00:01,000 --> 00:00:02,000\nA\n\n00:00:02,000 --> 00:00:03,000\nB',
    );
    const { scenario } = buildScenario(doc);
    const [a, b] = scenario.cues.map((cue) => cue.root.displayTime!);
    expect(a![1]).toBeLessThan(b![0]);
  });
});

describe('buildScenario: presets', () => {
  it('clean: one text node per line, broken by measured width, bottom centre of the title-safe area', () => {
    const { scenario } = buildScenario(DOCS.srt!, { preset: 'clean', aspect: '16:9' });
    const root = scenario.cues[0]!.root as GroupNode;
    expect(root.layout).toMatchObject({
      position: { x: 0.5, y: 0.925 },
      anchor: 'bc',
      size: { width: 0.8 },
      childrenLayout: { mode: 'flow', direction: 'vertical', wrap: false, align: 'center' },
    });
    expect(root.children).toHaveLength(1);
    const box = caption(scenario.cues[0]!);
    expect(box.layout!.childrenLayout).toMatchObject({
      mode: 'flow',
      direction: 'vertical',
      wrap: true,
      maxWidth: '100%',
    });
    expect(box.children).toHaveLength(2);
    // The engine's safe-area clamp mis-measures groups (see root-group.ts): never used.
    expect(JSON.stringify(scenario)).not.toContain('safeAreaClamp');
    // The styled first word becomes a row of spans with their own styles.
    expect(box.children![0]).toMatchObject({
      eType: 'group',
      children: [
        { text: 'Hello', style: { fontStyle: 'italic', whiteSpace: 'pre' } },
        { text: expect.stringMatching(/^ there/) },
      ],
    });
    // Outlined with a ring of text shadows (outside the glyphs), never a centred stroke.
    const trackStyle = scenario.tracks[0]!.defaultStyle!;
    expect(trackStyle).toMatchObject({ fontSizeRel: 0.055 });
    expect(trackStyle.stroke).toBeUndefined();
    expect(String(trackStyle.textShadow).split(', ').slice(0, 2)).toEqual([
      '0.045em 0em 0 #000000',
      '0.03897em 0.0225em 0 #000000',
    ]);
  });

  it('stacks overlapping cues at the same place instead of drawing them over each other', () => {
    const doc = parseSubtitles(
      '00:00:01,000 --> 00:00:04,000\nFirst\n\n00:00:02,000 --> 00:00:03,000\nSecond\n\n00:00:05,000 --> 00:00:06,000\nThird',
    );
    const { scenario } = buildScenario(doc, { preset: 'clean' });
    const ys = scenario.cues.map((cue) => (cue.root.layout!.position as { y: number }).y);
    expect(ys[0]).toBe(0.925);
    expect(ys[1]).toBeCloseTo(0.925 - 1.2 * 0.055 - 0.01, 5);
    expect(ys[2]).toBe(0.925);
  });

  it('boxed: a semi-opaque box on the root group and no fades', () => {
    const { scenario } = buildScenario(DOCS.srt!, { preset: 'boxed' });
    expect(scenario.cues[0]!.root.boxStyle).toBeUndefined();
    expect(caption(scenario.cues[0]!).boxStyle).toEqual({
      backgroundColor: 'rgba(0,0,0,0.72)',
      padding: '0.2em 0.5em',
      borderRadius: '0.2em',
    });
    expect(textNodes(scenario).every((node) => plugins(node).length === 0)).toBe(true);
  });

  it('social: a few big words per page, the spoken word switched to the highlight colour and popped', () => {
    const { scenario, warnings } = buildScenario(DOCS.json!, { preset: 'social', aspect: '9:16' });
    const latin = scenario.cues.filter((cue) => cue.root.displayTime![0] < 7);
    expect(latin.length).toBeGreaterThan(3);
    for (const cue of latin) {
      const words = caption(cue).children!;
      expect(words.length).toBeLessThanOrEqual(4);
      expect(cue.root.layout).toMatchObject({ anchor: 'bc', position: { y: 0.7 } });
      expect(caption(cue).layout!.childrenLayout).toMatchObject({
        direction: 'horizontal',
        wrap: true,
      });
    }
    const you = textNodes(scenario)[0]!;
    expect(you.text).toBe('You');
    expect(plugin(you, 'karaoke')).toEqual({
      name: 'karaoke',
      baseTime: [0.5, 0.8495],
      timeOffset: ['0%', '0%'],
      params: { mode: 'switch', color: '#FFD400' },
    });
    expect(plugin(you, 'pop')).toEqual({
      name: 'pop',
      baseTime: [0.5, 0.75],
      timeOffset: ['0%', '0%'],
    });
    expect(warnings.map((w) => w.code)).not.toContain('estimated-word-times');
    // Pages follow each other without gaps or overlap.
    for (let i = 1; i < latin.length; i++)
      expect(latin[i]!.root.displayTime![0]).toBeGreaterThan(latin[i - 1]!.root.displayTime![1]);
  });

  it('social and karaoke estimate word times for plain cues, with a warning', () => {
    const { scenario, warnings } = buildScenario(DOCS.srt!, { preset: 'karaoke' });
    expect(warnings.find((w) => w.code === 'estimated-word-times')?.message).toMatch(/^4 cue/);
    const sweeps = textNodes(scenario).map((node) => plugin(node, 'karaoke')!);
    expect(sweeps.every((p) => p.params?.mode === 'sweep')).toBe(true);
  });

  it('karaoke: colour sweeps over each word exactly while it is sung', () => {
    const { scenario } = buildScenario(DOCS.vtt!, { preset: 'karaoke' });
    const words = caption(scenario.cues[0]!).children as TextNode[];
    expect(words.map((w) => [w.text, plugin(w, 'karaoke')!.baseTime])).toEqual([
      ['Never', [1, 1.4995]],
      ['drink', [1.5, 1.9995]],
      ['liquid', [2, 2.9995]],
      ['nitrogen', [3, 3.9995]],
    ]);
  });

  it('typewriter: each line typed over its own window, shown only from then, caption anchored by its top', () => {
    const { scenario } = buildScenario(DOCS.vtt!, { preset: 'typewriter' });
    const line = caption(scenario.cues[0]!).children![0] as TextNode;
    expect(line.text).toBe('Never drink liquid nitrogen');
    expect(plugin(line, 'typewriter')).toEqual({
      name: 'typewriter',
      baseTime: [1, 3.9995],
      timeOffset: ['0%', '0%'],
    });
    const plain = buildScenario(DOCS.srt!, { preset: 'typewriter' }).scenario;
    const lines = caption(plain.cues[0]!).children as TextNode[];
    expect(lines).toHaveLength(2);
    expect(plain.cues[0]!.root.layout!.anchor).toBe('tc');
    expect(lines[1]!.displayTime![0]).toBe(plugin(lines[1]!, 'typewriter')!.baseTime![0]);
    expect(plugin(lines[0]!, 'typewriter')!.baseTime![1]).toBeCloseTo(
      plugin(lines[1]!, 'typewriter')!.baseTime![0],
      6,
    );
  });
});

describe('buildScenario: layout', () => {
  it('keeps 9:16 captions inside the vertical safe area, above the app overlays', () => {
    for (const preset of presetNames) {
      const { scenario } = buildScenario(DOCS.srt!, { preset, aspect: '9:16' });
      expect(scenario.stage.safeArea).toEqual(SAFE_AREAS['9:16']);
      for (const cue of scenario.cues) {
        const { x, y } = cue.root.layout!.position as { x: number; y: number };
        expect(y).toBeLessThanOrEqual(1 - SAFE_AREAS['9:16'].bottom);
        expect(y).toBeGreaterThanOrEqual(SAFE_AREAS['9:16'].top);
        expect(x).toBeCloseTo((0.06 + 0.86) / 2, 5);
      }
    }
  });

  it('puts word-timed cues in a wrapping horizontal flow, one node per word, balanced by max width', () => {
    const { scenario } = buildScenario(DOCS.json!, { preset: 'clean' });
    const root = caption(scenario.cues[0]!);
    expect(root.layout!.childrenLayout).toMatchObject({
      mode: 'flow',
      direction: 'horizontal',
      wrap: true,
      align: 'center',
      justify: 'center',
    });
    expect((root.children as TextNode[]).map((n) => n.text).join(' ')).toMatch(
      /^You know, we should/,
    );
    // Percent of the 80 %-wide placing group.
    const width = parseFloat(String(root.layout!.childrenLayout!.maxWidth));
    expect(width).toBeGreaterThan(10);
    expect(width).toBeLessThanOrEqual(100);
    // Chinese words get no gap between them.
    const chinese = scenario.cues.find((cue) => JSON.stringify(cue).includes('你好'))!;
    expect(caption(chinese).layout!.childrenLayout!.gap).toBe(0);
  });

  it('maps WebVTT placement: line and position settings, size and alignment', () => {
    const { scenario } = buildScenario(DOCS.vtt!, { preset: 'clean' });
    expect(scenario.cues[0]!.root.layout).toMatchObject({
      anchor: 'tl',
      position: { x: 0.05, y: 0.1 },
    });
    expect(scenario.cues[0]!.root.style).toMatchObject({ align: 'left' });
    const right = scenario.cues[1]!.root;
    expect(right.layout).toMatchObject({
      anchor: 'br',
      position: { x: 0.8 },
      size: { width: 0.3 },
    });
    expect(right.layout!.childrenLayout!.align).toBe('end');
  });

  it('maps ASS position, style, fades, karaoke, \\move and layers', () => {
    const { scenario, warnings } = buildScenario(DOCS.ass!, { preset: 'clean' });
    const [centre, boxed, karaoke, rising] = scenario.cues;
    expect(centre!.root.layout).toMatchObject({ anchor: 'cc', position: { x: 0.5, y: 0.5 } });
    expect(centre!.root.style).toMatchObject({
      fontFamily: expect.stringMatching(/^'Noto Sans', /),
      color: '#ffffff',
      stroke: null,
    });
    // Outline 2 and shadow 1 of 1080 at a 54-px cell (48.3-px em) font: 12 ring shadows + the drop.
    const shadows = String(centre!.root.style!.textShadow).split(', ');
    expect(shadows).toHaveLength(13);
    expect(shadows[0]).toBe('0.04138em 0em 0 #000000');
    expect(shadows[12]).toBe('0.02069em 0.02069em 0.04138em rgba(0,0,0,0.498)');
    const centreTexts = nodes(centre!.root).filter((n): n is TextNode => n.eType === 'text');
    expect(centreTexts.map((n) => n.text).join('')).toBe('Centre red text');
    expect(centreTexts.find((n) => n.text === 'red')!.style).toMatchObject({ color: '#ff0000' });
    expect(plugin(centreTexts[0]!, 'fadeIn')!.baseTime).toEqual([0.933333, 1.133333]);
    expect(plugin(centreTexts[0]!, 'fadeOut')!.baseTime).toEqual([3.7995, 4.0995]);

    expect(boxed!.track).toBe('subtitles-layer-1');
    expect(caption(boxed!).boxStyle).toMatchObject({ backgroundColor: 'rgba(0,0,0,0.498)' });
    expect(boxed!.root.layout).toMatchObject({ anchor: 'tc', position: { y: 0.05 } });

    const syllables = caption(karaoke!).children as TextNode[];
    expect(syllables.map((n) => n.text)).toEqual(['Karaoke', 'time']);
    expect(karaoke!.root.style).toMatchObject({ color: '#ffff00' });
    expect(plugin(syllables[0]!, 'karaoke')).toEqual({
      name: 'karaoke',
      baseTime: [5, 7.9995],
      timeOffset: ['0%', '0%'],
      params: { mode: 'switch', color: '#ffffff' },
    });

    expect(rising!.root.layout!.position).toEqual({ x: 0.5, y: 0.74074 });
    expect(plugin(caption(rising!).children![0]!, 'slideUp')).toEqual({
      name: 'slideUp',
      baseTime: [8, 9.9995],
      timeOffset: ['0%', '0%'],
      params: { distance: 0.18519, fade: false },
    });
    expect(scenario.tracks.map((t) => t.id)).toEqual(['subtitles', 'subtitles-layer-1']);
    expect(warnings.map((w) => w.code)).not.toContain('unsupported-move');
  });

  it('reports what MotionText cannot express', () => {
    const doc = parseSubtitles('00:00:01,000 --> 00:00:02,000\n<u>under</u> <i>it</i>');
    const codes = buildScenario(doc).warnings.map((w) => w.code);
    expect(codes).toContain('unsupported-style');
    expect(codes).toContain('italic-not-rendered');
    const ass = parseSubtitles(ASS.replace('{\\move(960,1000,960,800)}', '{\\move(0,0,500,500)}'));
    expect(buildScenario(ass).warnings.map((w) => w.code)).toContain('unsupported-move');
    const wide = parseSubtitles(ASS.replace('PlayResX: 1920', 'PlayResX: 1440'));
    expect(buildScenario(wide, { aspect: '16:9' }).warnings.map((w) => w.code)).toContain(
      'aspect-mismatch',
    );
  });
});
