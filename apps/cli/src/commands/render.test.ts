import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestVideo } from '../../../../packages/pipeline/src/testing/media.js';
import { captureOutput } from '../testing/capture-output.js';
import { main } from '../main.js';

describe('ecg-render render', () => {
  let dir: string;
  let video: string;
  const fixture = new URL('../../../../fixtures/motiontext/basic.json', import.meta.url).pathname;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecg-cli-'));
    video = await makeTestVideo({ path: join(dir, 'src.mp4'), seconds: 6, fps: 10 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders and prints a machine-readable summary with --json', async () => {
    const output = join(dir, 'out.mp4');
    const result = await captureOutput(() =>
      main([
        'render',
        '--scenario',
        fixture,
        '--video',
        video,
        '--output',
        output,
        '--json',
        '--end',
        '5',
      ]),
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ ok: true, frames: 50, encoder: 'libx264' });
    expect(summary['captured']).toBeGreaterThan(0);
    expect(
      (summary['captured'] as number) +
        (summary['reused'] as number) +
        (summary['skipped'] as number),
    ).toBe(50);
    expect(summary['peakMemoryBytes']).toBeGreaterThan(0);
    expect(
      (summary['warnings'] as { code: string }[]).some((w) => w.code === 'ARRAY_POSITION'),
    ).toBe(true);
    expect(existsSync(output)).toBe(true);
  });

  it('prints a human summary otherwise', async () => {
    const output = join(dir, 'human.mp4');
    const result = await captureOutput(() =>
      main(['render', '--scenario', fixture, '--video', video, '--output', output, '--end', '3']),
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/frames: +\d+ captured, \d+ reused, \d+ skipped/);
    expect(result.stdout).toMatch(/memory: +\d+ MB peak/);
  });

  it('fails with the error code, JSON path and exit status 1, leaving no output', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        version: '2.0',
        timebase: { unit: 'seconds' },
        stage: { baseAspect: '16:9' },
        tracks: [],
        cues: [{ id: 'x', track: 'nope', root: { id: 'r', eType: 'group' } }],
      }),
    );
    const outDir = mkdtempSync(join(dir, 'o-'));
    const result = await captureOutput(() =>
      main([
        'render',
        '--scenario',
        bad,
        '--video',
        video,
        '--output',
        join(outDir, 'o.mp4'),
        '--json',
      ]),
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_SCENARIO', details: { path: '$.cues[0].track' } },
    });
    expect(readdirSync(outDir)).toEqual([]);
    const human = await captureOutput(() =>
      main(['render', '--scenario', bad, '--video', video, '--output', join(outDir, 'o.mp4')]),
    );
    expect(human.stderr).toContain('error [INVALID_SCENARIO]: $.cues[0].track');
    // Not JSON at all: the file, line and column, as compilers and editors print them.
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "version": "2.0",\n  "cues": [}\n');
    const syntax = await captureOutput(() =>
      main(['render', '--scenario', broken, '--video', video, '--output', join(outDir, 'o.mp4')]),
    );
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain(`error [INVALID_SCENARIO]: ${broken}:3:12: not valid JSON`);
    expect(readdirSync(outDir)).toEqual([]);
  });

  it('bad usage exits 2 with help; --help exits 0', async () => {
    expect((await captureOutput(() => main(['render', '--scenario', fixture]))).code).toBe(2);
    expect((await captureOutput(() => main(['render', '--bogus']))).code).toBe(2);
    expect(
      (
        await captureOutput(() =>
          main([
            'render',
            '--scenario',
            fixture,
            '--video',
            video,
            '--output',
            'x.mp4',
            '--encoder',
            'vp9',
          ]),
        )
      ).code,
    ).toBe(2);
    const help = await captureOutput(() => main(['render', '--help']));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--encoder NAME');
    expect((await captureOutput(() => main(['nonsense']))).code).toBe(2);
  });

  it('renders a subtitle file with a preset', async () => {
    const srt = join(dir, 'talk.srt');
    writeFileSync(
      srt,
      '1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\n안녕하세요\n',
    );
    const output = join(dir, 'srt.mp4');
    const result = await captureOutput(() =>
      main([
        'render',
        '--subtitles',
        srt,
        '--preset',
        'boxed',
        '--video',
        video,
        '--output',
        output,
        '--json',
      ]),
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, frames: 60 });
  });
});

describe('ecg-render import', () => {
  it('turns SRT into a scenario and a scenario back into WebVTT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecg-import-'));
    try {
      const srt = join(dir, 'a.srt');
      writeFileSync(srt, '1\n00:00:01,000 --> 00:00:02,000\nFirst line\n');
      const scenarioPath = join(dir, 'a.json');
      const imported = await captureOutput(() =>
        main(['import', srt, '--preset', 'clean', '--output', scenarioPath]),
      );
      expect(imported.code).toBe(0);
      const exported = await captureOutput(() => main(['import', '--export', 'vtt', scenarioPath]));
      expect(exported.code).toBe(0);
      expect(exported.stdout).toContain('WEBVTT');
      expect(exported.stdout).toContain('00:00:01.000 --> 00:00:02.000');
      expect(exported.stdout).toContain('First line');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
