import { describe, expect, it } from 'vitest';
import { chooseEncoder } from './choose-encoder.js';
import type { EncoderCapability } from './detect-capabilities.js';
import type { EncoderName } from './types.js';

const ok: EncoderCapability = { listed: true, works: true };
const noCuda: EncoderCapability = { listed: true, works: false, error: 'Cannot load libcuda.so.1' };
const notBuilt: EncoderCapability = { listed: false, works: false };

function caps(encoders: Partial<Record<EncoderName, EncoderCapability>>) {
  return {
    encoders: { libx264: ok, libx265: ok, h264_nvenc: noCuda, hevc_nvenc: noCuda, ...encoders },
  };
}

describe('chooseEncoder', () => {
  it.each<[string, Parameters<typeof chooseEncoder>[0], { encoder: EncoderName; reason: string }]>([
    [
      'auto picks NVENC when its trial worked',
      { requested: 'auto', capabilities: caps({ h264_nvenc: ok }) },
      { encoder: 'h264_nvenc', reason: 'h264_nvenc trial encode succeeded' },
    ],
    [
      'auto falls back to libx264 and says why',
      { requested: 'auto', capabilities: caps({}) },
      {
        encoder: 'libx264',
        reason: 'h264_nvenc trial encode failed: Cannot load libcuda.so.1; using libx264',
      },
    ],
    [
      'auto says when NVENC was not even tried',
      {
        requested: 'auto',
        capabilities: caps({
          h264_nvenc: { listed: true, works: false, skipped: 'no NVIDIA GPU on this machine' },
        }),
      },
      {
        encoder: 'libx264',
        reason: 'h264_nvenc not tried: no NVIDIA GPU on this machine; using libx264',
      },
    ],
    [
      'auto HEVC falls back to libx265',
      { requested: 'auto', codec: 'hevc', capabilities: caps({ h264_nvenc: ok }) },
      {
        encoder: 'libx265',
        reason: 'hevc_nvenc trial encode failed: Cannot load libcuda.so.1; using libx265',
      },
    ],
    [
      'auto when NVENC is not built in',
      { requested: 'auto', capabilities: caps({ h264_nvenc: notBuilt }) },
      { encoder: 'libx264', reason: 'h264_nvenc is not built into this FFmpeg; using libx264' },
    ],
    [
      'an explicit working encoder is used',
      { requested: 'libx265', capabilities: caps({}) },
      { encoder: 'libx265', reason: 'libx265 was requested' },
    ],
  ])('%s', (_name, options, expected) => {
    expect(chooseEncoder(options)).toEqual(expected);
  });

  it('refuses an explicit encoder that does not work, with the trial error', () => {
    expect(() => chooseEncoder({ requested: 'h264_nvenc', capabilities: caps({}) })).toThrow(
      expect.objectContaining({
        code: 'ENCODER_UNAVAILABLE',
        message: 'h264_nvenc is not available: its trial encode failed: Cannot load libcuda.so.1',
      }),
    );
  });

  it('refuses auto when neither encoder works', () => {
    expect(() =>
      chooseEncoder({ requested: 'auto', capabilities: caps({ libx264: notBuilt }) }),
    ).toThrow(expect.objectContaining({ code: 'ENCODER_UNAVAILABLE' }));
  });
});
