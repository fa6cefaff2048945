import { describe, expect, it } from 'vitest';
import { buildEncoderArgs, type BuildEncoderArgsOptions } from './build-encoder-args.js';

const bt709 = { matrix: 'bt709', range: 'tv' } as const;
const tags709 = [
  '-colorspace',
  'bt709',
  '-color_primaries',
  'bt709',
  '-color_trc',
  'bt709',
  '-color_range',
  'tv',
];
const faststart = ['-movflags', '+faststart'];

describe('buildEncoderArgs', () => {
  const cases: [string, BuildEncoderArgsOptions, string[]][] = [
    [
      'libx264 defaults in mp4',
      { encoder: 'libx264', color: bt709, container: 'mp4' },
      [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-pix_fmt',
        'yuv420p',
        ...tags709,
        ...faststart,
      ],
    ],
    [
      'libx264 explicit crf/preset/pix_fmt in mkv (no faststart)',
      {
        encoder: 'libx264',
        crf: 18,
        preset: 'slow',
        pixFmt: 'yuv420p10le',
        color: bt709,
        container: 'mkv',
      },
      ['-c:v', 'libx264', '-preset', 'slow', '-crf', '18', '-pix_fmt', 'yuv420p10le', ...tags709],
    ],
    [
      'libx265 in mp4: hvc1 tag, quiet log',
      { encoder: 'libx265', color: bt709, container: 'mp4' },
      [
        '-c:v',
        'libx265',
        '-preset',
        'veryfast',
        '-crf',
        '28',
        '-x265-params',
        'log-level=error',
        '-pix_fmt',
        'yuv420p',
        ...tags709,
        '-tag:v',
        'hvc1',
        ...faststart,
      ],
    ],
    [
      'libx265 in mkv: no hvc1 tag',
      { encoder: 'libx265', crf: 24, color: bt709, container: 'mkv' },
      [
        '-c:v',
        'libx265',
        '-preset',
        'veryfast',
        '-crf',
        '24',
        '-x265-params',
        'log-level=error',
        '-pix_fmt',
        'yuv420p',
        ...tags709,
      ],
    ],
    [
      'h264_nvenc: constant quality VBR, default p4',
      { encoder: 'h264_nvenc', color: bt709, container: 'mp4' },
      [
        '-c:v',
        'h264_nvenc',
        '-preset',
        'p4',
        '-rc',
        'vbr',
        '-cq',
        '23',
        '-b:v',
        '0',
        '-pix_fmt',
        'yuv420p',
        ...tags709,
        ...faststart,
      ],
    ],
    [
      'h264_nvenc maps x264 preset names',
      { encoder: 'h264_nvenc', preset: 'veryfast', crf: 20, color: bt709, container: 'mkv' },
      [
        '-c:v',
        'h264_nvenc',
        '-preset',
        'p2',
        '-rc',
        'vbr',
        '-cq',
        '20',
        '-b:v',
        '0',
        '-pix_fmt',
        'yuv420p',
        ...tags709,
      ],
    ],
    [
      'hevc_nvenc takes p-presets, tags hvc1 in mov; crf 0 becomes cq 1 (cq 0 = auto)',
      { encoder: 'hevc_nvenc', preset: 'p7', crf: 0, color: bt709, container: 'mov' },
      [
        '-c:v',
        'hevc_nvenc',
        '-preset',
        'p7',
        '-rc',
        'vbr',
        '-cq',
        '1',
        '-b:v',
        '0',
        '-pix_fmt',
        'yuv420p',
        ...tags709,
        '-tag:v',
        'hvc1',
        ...faststart,
      ],
    ],
    [
      'NVENC fed CUDA frames gets no -pix_fmt',
      { encoder: 'h264_nvenc', color: bt709, container: 'mkv', frames: 'cuda' },
      ['-c:v', 'h264_nvenc', '-preset', 'p4', '-rc', 'vbr', '-cq', '23', '-b:v', '0', ...tags709],
    ],
    [
      'BT.601 full range is tagged smpte170m / pc',
      { encoder: 'libx264', color: { matrix: 'bt601', range: 'pc' }, container: 'mkv' },
      [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '23',
        '-pix_fmt',
        'yuv420p',
        '-colorspace',
        'smpte170m',
        '-color_primaries',
        'smpte170m',
        '-color_trc',
        'smpte170m',
        '-color_range',
        'pc',
      ],
    ],
  ];

  it.each(cases)('%s', (_name, options, expected) => {
    expect(buildEncoderArgs(options)).toEqual(expected);
  });

  it.each<[string, BuildEncoderArgsOptions]>([
    ['H.264 in WebM', { encoder: 'libx264', color: bt709, container: 'webm' }],
    ['crf out of range', { encoder: 'libx264', crf: 52, color: bt709, container: 'mp4' }],
    ['fractional crf', { encoder: 'libx264', crf: 20.5, color: bt709, container: 'mp4' }],
    ['NVENC preset for x264', { encoder: 'libx264', preset: 'p4', color: bt709, container: 'mp4' }],
    [
      'CUDA frames into x264',
      { encoder: 'libx264', color: bt709, container: 'mp4', frames: 'cuda' },
    ],
  ])('refuses %s with INVALID_OPTIONS', (_name, options) => {
    expect(() => buildEncoderArgs(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });
});
