import { describe, expect, it } from 'vitest';
import { detectCapabilities } from './detect-capabilities.js';

// The CI machines have FFmpeg with NVENC/CUDA built in but no NVIDIA driver: the trials must
// tell "listed" from "works" and say why.
describe('detectCapabilities (this machine)', () => {
  it('proves the software encoders and explains the missing GPU', async () => {
    const caps = await detectCapabilities({ nvidiaSmiPath: '/nonexistent/nvidia-smi' });
    expect(caps.ffmpegVersion).toMatch(/^\d+\.\d+/);
    expect(caps.ffprobeVersion).toMatch(/^\d+\.\d+/);
    expect(caps.encoders.libx264).toEqual({ listed: true, works: true });
    expect(caps.encoders.libx265).toEqual({ listed: true, works: true });
    expect(caps.gpu).toEqual({ present: false });
    for (const name of ['h264_nvenc', 'hevc_nvenc'] as const) {
      const nvenc = caps.encoders[name];
      if (nvenc.listed && !nvenc.works) expect(nvenc.error).toMatch(/\S/);
    }
    if (caps.hwaccels.includes('cuda') && !caps.cuda.decode) expect(caps.cuda.error).toMatch(/\S/);
    if (!caps.gpu.present) {
      expect(caps.encoders.h264_nvenc.works).toBe(false);
      expect(caps.cuda).toMatchObject({
        decode: false,
        filters: { overlay_cuda: false, scale_cuda: false, hwupload_cuda: false },
      });
    }
  });

  it('throws FFMPEG_UNAVAILABLE when FFmpeg is missing', async () => {
    await expect(detectCapabilities({ ffmpegPath: '/nonexistent/ffmpeg' })).rejects.toMatchObject({
      code: 'FFMPEG_UNAVAILABLE',
    });
  });

  it('is cancelled by its signal', async () => {
    await expect(detectCapabilities({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });
});
