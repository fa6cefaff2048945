import { describe, expect, it } from 'vitest';
import { captureOutput } from '../testing/capture-output.js';
import { main } from '../main.js';

describe('ecg-render doctor', () => {
  it('proves the capabilities it reports', async () => {
    const result = await captureOutput(() => main(['doctor', '--json']));
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      ffmpeg: { encoders: Record<string, { works: boolean }>; gpu: { present: boolean } };
      chromium: { mode: string; works: boolean; msPerFrame?: number }[];
      fonts: { koreanGlyphs: { missing: string[] } };
    };
    expect(result.code).toBe(report.ok ? 0 : 1);
    expect(report.ok).toBe(true);
    expect(report.ffmpeg.encoders['libx264']!.works).toBe(true);
    // Without an NVIDIA GPU here NVENC must not be reported as working.
    if (!report.ffmpeg.gpu.present) expect(report.ffmpeg.encoders['h264_nvenc']!.works).toBe(false);
    expect(
      report.chromium.some((c) => c.mode === 'beginframe' && c.works && (c.msPerFrame ?? 0) > 0),
    ).toBe(true);
    expect(report.fonts.koreanGlyphs.missing).toEqual([]);
  });
});
