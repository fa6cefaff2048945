import { describe, expect, it } from 'vitest';
import { describeCapabilities } from './describe-capabilities.js';

describe('describeCapabilities', () => {
  it('names the GPU, the encoders whose trial worked, CUDA and the render speed', () => {
    expect(
      describeCapabilities({
        gpu: { present: true, name: 'NVIDIA L4', memoryMiB: 23034 },
        encoders: {
          libx264: { listed: true, works: true },
          h264_nvenc: { listed: true, works: true },
          hevc_nvenc: { listed: true, works: false, error: 'No capable devices found' },
        },
        cuda: {
          decode: true,
          filters: { overlay_cuda: true, scale_cuda: false, hwupload_cuda: true },
        },
        metrics: { renderFps: 61.25 },
      }),
    ).toEqual({
      gpu: 'NVIDIA L4, 23034 MiB',
      encoders: ['libx264', 'h264_nvenc'],
      cuda: 'decode, overlay_cuda, hwupload_cuda',
      speed: '61.3 fps',
    });
  });

  it('says none for a CPU worker and survives a report with nothing in it', () => {
    expect(
      describeCapabilities({
        gpu: { present: false },
        encoders: { libx264: { listed: true, works: true } },
        cuda: { decode: false, filters: {}, error: 'Cannot load libcuda.so.1' },
      }),
    ).toEqual({
      gpu: 'none',
      encoders: ['libx264'],
      cuda: 'no (Cannot load libcuda.so.1)',
      speed: null,
    });
    expect(describeCapabilities({})).toEqual({
      gpu: 'none',
      encoders: [],
      cuda: 'no',
      speed: null,
    });
  });
});
