import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderVideo } from './render-video.js';
import { decodeFrames, makeTestVideo, psnr, type Region } from './testing/media.js';
import { textScenario } from './testing/text-scenario.js';

// DejaVu Serif Bold (Debian's fonts-dejavu-core, installed by scripts/install-system-deps.sh),
// declared under a family no system font has: the captions can only show it if the render
// loaded the asset.
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf';
const FAMILY = 'ECG Brand Test';
const WIDTH = 640;
const HEIGHT = 360;
/** Frame 10 of 20 (10 fps): the caption is up from 0.5 s to 1.5 s. */
const FRAME = 10;
const REGION: Region = { x: 40, y: 230, width: 560, height: 110 };

const scenario = (fontFamily: string, fontWeight: number, define?: Record<string, unknown>) =>
  textScenario({
    text: 'Brand Type 123',
    displayTime: [0.5, 1.5],
    trackStyle: { fontSizeRel: 0.09 },
    node: { style: { fontFamily, fontWeight, color: '#ffffff' } },
    ...(define && { scenario: { define } }),
  });

describe('fonts the scenario brings', () => {
  let dir: string;
  let video: string;
  const frames = new Map<string, { width: number; rgb: Buffer }>();
  const warnings = new Map<string, string[]>();

  async function render(name: string, input: unknown, scenarioDir?: string): Promise<void> {
    const output = join(dir, `${name}.mp4`);
    const summary = await renderVideo({
      source: video,
      scenario: input,
      output,
      workers: 1,
      ...(scenarioDir !== undefined && { scenarioDir }),
    });
    warnings.set(
      name,
      summary.warnings.map((w) => w.code),
    );
    frames.set(name, (await decodeFrames(output, [FRAME])).get(FRAME)!);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-fonts-'));
    video = await makeTestVideo({
      path: join(dir, 'src.mp4'),
      width: WIDTH,
      height: HEIGHT,
      fps: 10,
      seconds: 2,
      color: '0x204060',
      audio: false,
    });
    const embedded = `data:font/ttf;base64,${readFileSync(FONT_FILE).toString('base64')}`;
    await render(
      'embedded',
      scenario(FAMILY, 400, { brand: { type: 'font', family: FAMILY, src: embedded } }),
    );
    const scenarioDir = join(dir, 'scenario');
    mkdirSync(join(scenarioDir, 'assets'), { recursive: true });
    copyFileSync(FONT_FILE, join(scenarioDir, 'assets', 'brand.ttf'));
    await render(
      'file',
      scenario(FAMILY, 400, { brand: { type: 'font', family: FAMILY, src: 'assets/brand.ttf' } }),
      scenarioDir,
    );
    // Without the asset the family falls back; the same face from the system; another face.
    await render('fallback', scenario(`"${FAMILY}", sans-serif`, 400));
    await render('system-same', scenario('DejaVu Serif', 700));
    await render('system-other', scenario('DejaVu Sans', 700));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an embedded (data: URI) font is loaded and used', () => {
    expect(warnings.get('embedded')).not.toContain('FONT_FALLBACK');
    expect(warnings.get('fallback')).toContain('FONT_FALLBACK');
    const embedded = frames.get('embedded')!;
    expect(psnr(embedded, frames.get('fallback')!, REGION)).toBeLessThan(30);
    // A web font and the system's copy of it are placed a hair apart, so not equal, but the
    // captions are far nearer the serif they embed than a sans of the same weight.
    const same = psnr(embedded, frames.get('system-same')!, REGION);
    const other = psnr(embedded, frames.get('system-other')!, REGION);
    expect(same).toBeGreaterThan(other + 3);
  });

  it('a font file next to the scenario draws the same pixels as the embedded one', () => {
    expect(warnings.get('file')).not.toContain('FONT_FALLBACK');
    expect(psnr(frames.get('file')!, frames.get('embedded')!, REGION)).toBe(Infinity);
  });
});
