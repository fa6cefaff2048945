import { describe, expect, it } from 'vitest';
import {
  buildCompositeCommand,
  type BuildCompositeCommandOptions,
} from './build-composite-command.js';
import { buildTranscodeCommand } from './build-transcode-command.js';
import { mediaInfo } from './testing/media-info.js';
import type { MediaInfo } from './types.js';

const ALLOW = [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  'mov,matroska,avi,mpegts,flv,ogg,mxf',
];
const HEAD = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'level+warning'];
const OVERLAY_IN = [
  '-threads',
  '1',
  '-probesize',
  '32',
  '-analyzeduration',
  '0',
  '-fpsprobesize',
  '0',
  '-protocol_whitelist',
  'pipe',
  '-format_whitelist',
  'matroska',
  '-f',
  'matroska',
  '-i',
  'pipe:0',
];
const X264 = [
  '-c:v',
  'libx264',
  '-preset',
  'veryfast',
  '-crf',
  '20',
  '-pix_fmt',
  'yuv420p',
  '-colorspace',
  'bt709',
  '-color_primaries',
  'bt709',
  '-color_trc',
  'bt709',
  '-color_range',
  'tv',
];
const CAPTION = 'format=rgba,scale=out_color_matrix=bt709:out_range=tv,format=yuva420p';

function options(
  overrides: Partial<BuildCompositeCommandOptions> = {},
): BuildCompositeCommandOptions {
  return {
    source: { path: '/media/in.mp4', info: mediaInfo() },
    overlay: { x: 0, y: 780, width: 1920, height: 300 },
    output: {
      path: '/out/.tmp-1.mp4',
      container: 'mp4',
      width: 1920,
      height: 1080,
      fps: { num: 30, den: 1 },
    },
    encoder: { encoder: 'libx264', crf: 20 },
    color: { matrix: 'bt709', range: 'tv' },
    ...overrides,
  };
}

describe('buildCompositeCommand', () => {
  it('builds the whole-video CPU composite', () => {
    expect(buildCompositeCommand({ ...options(), progress: true })).toEqual({
      args: [
        ...HEAD,
        ...ALLOW,
        '-i',
        'file:/media/in.mp4',
        ...OVERLAY_IN,
        '-filter_complex',
        '[0:0]setpts=PTS+0.004167/TB,fps=fps=30/1:start_time=0,settb=1/3000,format=yuv420p,setsar=1[main];' +
          `[1:0]${CAPTION}[caption];` +
          '[main][caption]overlay=x=0:y=780:format=yuv420:eof_action=repeat[vout]',
        '-map',
        '[vout]',
        '-map',
        '0:1',
        ...X264,
        '-movflags',
        '+faststart',
        '-c:a',
        'copy',
        '-progress',
        'pipe:1',
        '-nostats',
        '-f',
        'mp4',
        'file:/out/.tmp-1.mp4',
      ],
      firstMainPts: 0,
      hw: { decode: 'cpu', composite: 'cpu' },
      notes: [],
    });
  });

  it('renders a segment: video seeked half a frame early, audio from a second exact reader', () => {
    const command = buildCompositeCommand(
      options({
        source: { path: '/media/in.mp4', info: mediaInfo(), startSec: 10, durationSec: 5 },
      }),
    );
    expect(command.frameCount).toBe(150);
    expect(command.firstMainPts).toBe(0);
    expect(command.args).toEqual([
      ...HEAD,
      // k0 = 300: seek to (300 − 0.5)/30; read 150.5 frames.
      ...ALLOW,
      '-ss',
      '9.983333',
      '-t',
      '5.016667',
      '-i',
      'file:/media/in.mp4',
      ...OVERLAY_IN,
      ...ALLOW,
      '-ss',
      '10',
      '-t',
      '5',
      '-i',
      'file:/media/in.mp4',
      '-filter_complex',
      // Frames arrive half a frame after 0: take that off, add the bias.
      '[0:0]setpts=PTS-0.0125/TB,fps=fps=30/1:start_time=0,trim=end_frame=150,settb=1/3000,format=yuv420p,setsar=1[main];' +
        `[1:0]${CAPTION}[caption];` +
        '[main][caption]overlay=x=0:y=780:format=yuv420:eof_action=repeat,trim=end_frame=150[vout]',
      '-map',
      '[vout]',
      '-map',
      '2:1',
      ...X264,
      '-movflags',
      '+faststart',
      '-c:a',
      'copy',
      '-copypriorss:a',
      '0',
      '-f',
      'mp4',
      'file:/out/.tmp-1.mp4',
    ]);
  });

  it('decodes MPEG-TS from the start and drops the frames before the segment in the graph', () => {
    const info = mediaInfo({
      formatName: 'mpegts',
      startTimeSec: 1.4,
      video: { startTimeSec: 1.5 },
      audio: { startTimeSec: 1.4 },
    });
    const { args } = buildCompositeCommand(
      options({
        source: { path: '/media/in.ts', info, startSec: 2, durationSec: 1 },
        overlay: null,
        audio: 'none',
      }),
    );
    expect(args.slice(5, 11)).toEqual([...ALLOW, '-t', '3']);
    expect(args).not.toContain('-ss');
    // The video input uses only video, so FFmpeg starts it at the video's own start.
    expect(args[args.indexOf('-filter_complex') + 1]).toBe(
      '[0:0]setpts=PTS-1.995833/TB,fps=fps=30/1:start_time=0,trim=end_frame=30,format=yuv420p,setsar=1[vout]',
    );
  });

  it.each([
    [{ num: 30, den: 1 }, 3000],
    [{ num: 30000, den: 1001 }, 30000],
    [{ num: 25, den: 1 }, 1000],
    [{ num: 60, den: 2 }, 3000],
    [{ num: 24000, den: 1001 }, 24000],
  ])('gives main frames at %o a time base that also holds milliseconds: 1/%i', (fps, base) => {
    const { args } = buildCompositeCommand(
      options({ output: { path: '/o', container: 'mp4', width: 1920, height: 1080, fps } }),
    );
    expect(args[args.indexOf('-filter_complex') + 1]).toContain(`,settb=1/${base},`);
  });

  it('keeps full-range sources full range (FFmpeg decodes them as yuvj420p)', () => {
    const pc = { matrix: 'bt709', range: 'pc' } as const;
    const graph = (hw?: BuildCompositeCommandOptions['hw']): string => {
      const { args } = buildCompositeCommand(options({ color: pc, ...(hw ? { hw } : {}) }));
      return args[args.indexOf('-filter_complex') + 1] ?? '';
    };
    expect(graph()).toContain(',settb=1/3000,scale=out_range=pc,format=yuv420p,setsar=1[main];');
    expect(graph()).toContain('scale=out_color_matrix=bt709:out_range=pc,format=yuva420p[caption]');
    expect(graph({ decode: 'cpu', composite: 'cuda' })).toMatch(
      /^\[0:0\]scale=out_range=pc,format=yuv420p,hwupload,/,
    );
  });

  it('reads the audio from the first picture on when the video starts after it', () => {
    const args = (info: MediaInfo, audio: 'auto' | 'none' = 'auto', startSec?: number) =>
      buildCompositeCommand(
        options({
          source: {
            path: '/media/in',
            info,
            ...(startSec !== undefined && { startSec, durationSec: 1 }),
          },
          audio,
          overlay: null,
        }),
      ).args;
    const graph = (list: string[]) => list[list.indexOf('-filter_complex') + 1] ?? '';
    const inputs = (list: string[]) =>
      list.flatMap((arg, i) => (arg === '-i' ? [list.slice(i - 4, i + 2).join(' ')] : []));

    // Matroska, video 21 ms after the audio: a second reader skips those 21 ms of audio.
    const mkv = mediaInfo({ formatName: 'matroska,webm', video: { startTimeSec: 0.021 } });
    expect(inputs(args(mkv))[1]).toContain('-ss 0.021 -i file:/media/in');
    expect(args(mkv).join(' ')).toContain('-map [vout] -map 1:1 ');
    expect(args(mkv).join(' ')).toContain(' -copypriorss:a 0 ');
    // The video is timed from its own first frame, and no frame is added in front of it.
    expect(graph(args(mkv))).toMatch(/^\[0:0\]setpts=PTS-0\.016833\/TB,fps=/);
    expect(graph(args(mkv))).not.toContain('round(');
    expect(inputs(args(mkv, 'none'))).toHaveLength(1);

    // MPEG-TS, audio at 1.4 s, video at 1.721333 s: the audio-only reader counts from the
    // audio's start; the video input, holding only video, from the video's.
    const ts = mediaInfo({
      formatName: 'mpegts',
      startTimeSec: 1.4,
      video: { startTimeSec: 1.721333 },
      audio: { startTimeSec: 1.4 },
    });
    expect(inputs(args(ts))[1]).toContain('-ss 0.321333 -i file:/media/in');
    expect(graph(args(ts))).toMatch(/^\[0:0\]setpts=PTS\+0\.004167\/TB,fps=/);

    // MPEG-TS whose audio starts after the video: one input keeps the offset by itself, and a
    // segment from before the audio starts delays it by the rest.
    const late = mediaInfo({
      formatName: 'mpegts',
      startTimeSec: 1.4,
      video: { startTimeSec: 1.4 },
      audio: { startTimeSec: 1.7 },
    });
    expect(inputs(args(late))).toHaveLength(1);
    expect(inputs(args(late, 'auto', 0.1))[1]).toContain('-t 1 -itsoffset 0.2 -i file:/media/in');
    expect(args(late, 'auto', 0.1)).not.toContain('-copypriorss:a');

    // An MP4 whose streams start together keeps one input, as before.
    expect(inputs(args(mediaInfo()))).toHaveLength(1);
  });

  it('scales to the output size, maps the probed stream indexes, transcodes audio the container refuses', () => {
    const info = mediaInfo({ video: { index: 2 }, audio: { index: 5, codec: 'pcm_s16le' } });
    const { args } = buildCompositeCommand(
      options({
        source: { path: '/media/in.mov', info },
        overlay: { x: 0, y: 600, width: 1280, height: 120 },
        output: {
          path: '/out/x',
          container: 'mp4',
          width: 1280,
          height: 720,
          fps: { num: 30000, den: 1001 },
        },
      }),
    );
    expect(args[args.indexOf('-filter_complex') + 1]).toMatch(
      /^\[0:2\]setpts=PTS\+0\.004171\/TB,fps=fps=30000\/1001:start_time=0,settb=1\/30000,scale=w=1280:h=720,format=yuv420p,setsar=1\[main\];/,
    );
    expect(args.slice(args.indexOf('-map'), args.indexOf('-map') + 4)).toEqual([
      '-map',
      '[vout]',
      '-map',
      '0:5',
    ]);
    expect(args).toEqual(expect.arrayContaining(['-c:a', 'aac', '-b:a', '192k']));
  });

  it.each([
    ['aac', 'mp4', ['-c:a', 'copy']],
    ['opus', 'mp4', ['-c:a', 'copy']],
    ['opus', 'mov', ['-c:a', 'aac', '-b:a', '192k']],
    ['pcm_s16le', 'mov', ['-c:a', 'copy']],
    ['vorbis', 'mp4', ['-c:a', 'aac', '-b:a', '192k']],
    ['flac', 'mkv', ['-c:a', 'copy']],
  ] as const)('audio %s into %s', (codec, container, expected) => {
    const { args } = buildCompositeCommand(
      options({
        source: { path: '/m', info: mediaInfo({ audio: { codec } }) },
        output: { path: '/o', container, width: 1920, height: 1080, fps: { num: 30, den: 1 } },
      }),
    );
    const at = args.indexOf('-c:a');
    expect(args.slice(at, at + expected.length)).toEqual(expected);
  });

  it('maps no audio for audio: none or a silent source', () => {
    for (const built of [
      buildCompositeCommand(options({ audio: 'none' })),
      buildCompositeCommand(options({ source: { path: '/m', info: mediaInfo({ audio: null }) } })),
    ]) {
      expect(built.args).not.toContain('-c:a');
      expect(built.args.filter((a) => a === '-map')).toHaveLength(1);
    }
  });

  describe('GPU variants', () => {
    const gpuInit = ['-init_hw_device', 'cuda=ecg:0', '-filter_hw_device', 'ecg'];
    const cudaDecode = [
      '-hwaccel',
      'cuda',
      '-hwaccel_device',
      'ecg',
      '-hwaccel_output_format',
      'cuda',
    ];
    const nvenc = { encoder: 'h264_nvenc' as const, crf: 20 };
    const nvencArgs = [
      '-c:v',
      'h264_nvenc',
      '-preset',
      'p4',
      '-rc',
      'vbr',
      '-cq',
      '20',
      '-b:v',
      '0',
      '-colorspace',
      'bt709',
      '-color_primaries',
      'bt709',
      '-color_trc',
      'bt709',
      '-color_range',
      'tv',
    ];

    it.each([
      [
        'CUDA decode, CUDA composite, NVENC: frames stay on the GPU',
        { decode: 'cuda', composite: 'cuda' } as const,
        nvenc,
        '[0:0]setpts=PTS+0.004167/TB,fps=fps=30/1:start_time=0,settb=1/3000,scale_cuda=w=1920:h=1080:format=yuv420p[main];' +
          `[1:0]${CAPTION},hwupload[caption];` +
          '[main][caption]overlay_cuda=x=0:y=780:eof_action=repeat[vout]',
        nvencArgs,
      ],
      [
        'CUDA decode, CUDA composite, libx264: download after the overlay',
        { decode: 'cuda', composite: 'cuda' } as const,
        { encoder: 'libx264' as const, crf: 20 },
        '[0:0]setpts=PTS+0.004167/TB,fps=fps=30/1:start_time=0,settb=1/3000,scale_cuda=w=1920:h=1080:format=yuv420p[main];' +
          `[1:0]${CAPTION},hwupload[caption];` +
          '[main][caption]overlay_cuda=x=0:y=780:eof_action=repeat,hwdownload,format=yuv420p[vout]',
        X264,
      ],
      [
        'CUDA decode, CPU composite: download NVDEC nv12 first',
        { decode: 'cuda', composite: 'cpu' } as const,
        nvenc,
        '[0:0]hwdownload,format=nv12,setpts=PTS+0.004167/TB,fps=fps=30/1:start_time=0,settb=1/3000,format=yuv420p,setsar=1[main];' +
          `[1:0]${CAPTION}[caption];` +
          '[main][caption]overlay=x=0:y=780:format=yuv420:eof_action=repeat[vout]',
        [...nvencArgs.slice(0, 10), '-pix_fmt', 'yuv420p', ...nvencArgs.slice(10)],
      ],
      [
        'CPU decode, CUDA composite: upload the decoded frames',
        { decode: 'cpu', composite: 'cuda' } as const,
        nvenc,
        '[0:0]format=yuv420p,hwupload,setpts=PTS+0.004167/TB,fps=fps=30/1:start_time=0,settb=1/3000,scale_cuda=w=1920:h=1080:format=yuv420p[main];' +
          `[1:0]${CAPTION},hwupload[caption];` +
          '[main][caption]overlay_cuda=x=0:y=780:eof_action=repeat[vout]',
        nvencArgs,
      ],
    ])('%s', (_name, hw, encoder, graph, encoderArgs) => {
      const command = buildCompositeCommand(
        options({
          hw,
          encoder,
          output: {
            path: '/o.mkv',
            container: 'mkv',
            width: 1920,
            height: 1080,
            fps: { num: 30, den: 1 },
          },
        }),
      );
      const decodeArgs = hw.decode === 'cuda' ? cudaDecode : [];
      expect(command.hw).toEqual(hw);
      expect(command.args).toEqual([
        ...HEAD,
        ...gpuInit,
        ...ALLOW,
        ...decodeArgs,
        '-i',
        'file:/media/in.mp4',
        ...OVERLAY_IN,
        '-filter_complex',
        graph,
        '-map',
        '[vout]',
        '-map',
        '0:1',
        ...encoderArgs,
        '-c:a',
        'copy',
        '-f',
        'matroska',
        'file:/o.mkv',
      ]);
    });

    it('decodes 10-bit sources on the CPU even when CUDA decoding is asked for', () => {
      const info = mediaInfo({ video: { codec: 'hevc', pixFmt: 'yuv420p10le', bitDepth: 10 } });
      const command = buildCompositeCommand(
        options({ source: { path: '/m', info }, hw: { decode: 'cuda', composite: 'cpu' } }),
      );
      expect(command.hw.decode).toBe('cpu');
      expect(command.notes).toEqual([
        'CUDA decoding not used for this source because its pixel format yuv420p10le is not 8-bit 4:2:0; decoding on the CPU',
      ]);
    });

    it.each([
      [{ rotation: 90 as const }, /rotated 90°/],
      [{ codec: 'prores' }, /NVDEC does not decode prores/],
    ])('falls back to CPU decoding for %o', (video, note) => {
      const command = buildCompositeCommand(
        options({
          source: { path: '/m', info: mediaInfo({ video }) },
          hw: { decode: 'cuda', composite: 'cuda' },
        }),
      );
      expect(command.hw).toEqual({ decode: 'cpu', composite: 'cuda' });
      expect(command.notes[0]).toMatch(note);
      expect(command.args).not.toContain('-hwaccel');
      expect(command.args).toContain('-filter_hw_device');
    });
  });

  it.each<[string, Partial<BuildCompositeCommandOptions>]>([
    [
      'odd output size',
      {
        output: {
          path: '/o',
          container: 'mp4',
          width: 1921,
          height: 1080,
          fps: { num: 30, den: 1 },
        },
      },
    ],
    [
      'bad fps',
      {
        output: {
          path: '/o',
          container: 'mp4',
          width: 1920,
          height: 1080,
          fps: { num: 0, den: 1 },
        },
      },
    ],
    ['odd overlay position', { overlay: { x: 1, y: 780, width: 1920, height: 300 } }],
    ['overlay outside the frame', { overlay: { x: 0, y: 800, width: 1920, height: 300 } }],
    ['negative start', { source: { path: '/m', info: mediaInfo(), startSec: -1 } }],
    ['duration under a frame', { source: { path: '/m', info: mediaInfo(), durationSec: 0.01 } }],
    [
      'H.264 in WebM',
      {
        output: {
          path: '/o',
          container: 'webm',
          width: 1920,
          height: 1080,
          fps: { num: 30, den: 1 },
        },
      },
    ],
  ])('refuses %s with INVALID_OPTIONS', (_name, overrides) => {
    expect(() => buildCompositeCommand(options(overrides))).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });
});

describe('buildTranscodeCommand', () => {
  it('is the composite without the caption input, with identical encoder settings', () => {
    const { overlay: _overlay, ...rest } = options();
    const transcode = buildTranscodeCommand(rest);
    const composite = buildCompositeCommand(options());
    expect(transcode.args).not.toContain('pipe:0');
    expect(transcode.args[transcode.args.indexOf('-filter_complex') + 1]).toBe(
      '[0:0]setpts=PTS+0.004167/TB,fps=fps=30/1:start_time=0,format=yuv420p,setsar=1[vout]',
    );
    const encoderPart = (args: string[]): string[] =>
      args.slice(args.indexOf('-c:v'), args.lastIndexOf('-f'));
    expect(encoderPart(transcode.args)).toEqual(encoderPart(composite.args));
  });
});
