import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildConcatCommand } from './build-concat-command.js';
import { formatConcatList } from './format-concat-list.js';
import { mediaInfo } from './testing/media-info.js';
import type { MediaInfo } from './types.js';
import { writeConcatList } from './write-concat-list.js';

const HEAD = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'level+warning'];
const CONCAT_IN = [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  'concat,mov,matroska,avi,mpegts,flv,ogg,mxf',
  '-f',
  'concat',
  '-safe',
  '0',
  '-i',
  'file:/tmp/job/segments.txt',
];
const ALLOW = [
  '-protocol_whitelist',
  'file',
  '-format_whitelist',
  'mov,matroska,avi,mpegts,flv,ogg,mxf',
];

describe('buildConcatCommand', () => {
  it('joins segments by stream copy and muxes the source audio once', () => {
    expect(
      buildConcatCommand({
        segmentListPath: '/tmp/job/segments.txt',
        audioSource: { path: '/media/in.mp4', info: mediaInfo(), fromSec: 10, durationSec: 20 },
        output: { path: '/out/.tmp.mp4', container: 'mp4' },
        progress: true,
      }).args,
    ).toEqual([
      ...HEAD,
      ...CONCAT_IN,
      ...ALLOW,
      '-ss',
      '10',
      '-t',
      '20',
      '-i',
      'file:/media/in.mp4',
      '-map',
      '0:v:0',
      '-map',
      '1:1',
      '-c:v',
      'copy',
      '-c:a',
      'copy',
      '-copypriorss:a',
      '0',
      '-movflags',
      '+faststart',
      '-progress',
      'pipe:1',
      '-nostats',
      '-f',
      'mp4',
      'file:/out/.tmp.mp4',
    ]);
  });

  it('aligns the audio with the first picture as a single pass does', () => {
    const audioInput = (info: MediaInfo, fromSec = 0) => {
      const args = buildConcatCommand({
        segmentListPath: '/tmp/job/segments.txt',
        audioSource: { path: '/m.ts', info, fromSec, durationSec: 6 },
        output: { path: '/o.mp4', container: 'mp4' },
      }).args;
      const i = args.lastIndexOf('-i');
      return { input: args.slice(i - 4, i + 2).join(' '), prior: args.includes('-copypriorss:a') };
    };
    // MPEG-TS, audio from 1.4 s and video from 1.721333 s: skip the audio before the picture.
    const ts = mediaInfo({
      formatName: 'mpegts',
      startTimeSec: 1.4,
      video: { startTimeSec: 1.721333 },
      audio: { startTimeSec: 1.4 },
    });
    expect(audioInput(ts)).toEqual({
      input: '-ss 0.321333 -t 6 -i file:/m.ts',
      prior: true,
    });
    // Its audio starting 0.3 s after the video: delay it.
    const late = mediaInfo({
      formatName: 'mpegts',
      startTimeSec: 1.4,
      video: { startTimeSec: 1.4 },
      audio: { startTimeSec: 1.7 },
    });
    expect(audioInput(late)).toEqual({
      input: '-t 6 -itsoffset 0.3 -i file:/m.ts',
      prior: false,
    });
    expect(audioInput(late, 1).input).toBe('-ss 0.7 -t 6 -i file:/m.ts');
  });

  it('transcodes audio the container refuses; copies the first audio stream when not probed', () => {
    const probed = buildConcatCommand({
      segmentListPath: '/tmp/job/segments.txt',
      audioSource: { path: '/m.mov', info: mediaInfo({ audio: { codec: 'pcm_s24le', index: 3 } }) },
      output: { path: '/o.mp4', container: 'mp4' },
    }).args;
    expect(probed).toEqual(expect.arrayContaining(['-map', '1:3', '-c:a', 'aac', '-b:a', '192k']));
    const unprobed = buildConcatCommand({
      segmentListPath: '/tmp/job/segments.txt',
      audioSource: { path: '/m.mov' },
      output: { path: '/o.mkv', container: 'mkv' },
    }).args;
    expect(unprobed).toEqual([
      ...HEAD,
      ...CONCAT_IN,
      ...ALLOW,
      '-i',
      'file:/m.mov',
      '-map',
      '0:v:0',
      '-map',
      '1:a:0?',
      '-c:v',
      'copy',
      '-c:a',
      'copy',
      '-f',
      'matroska',
      'file:/o.mkv',
    ]);
  });

  it('joins video only without an audio source', () => {
    expect(
      buildConcatCommand({
        segmentListPath: '/tmp/job/segments.txt',
        output: { path: '/o.mkv', container: 'mkv' },
      }).args,
    ).toEqual([
      ...HEAD,
      ...CONCAT_IN,
      '-map',
      '0:v:0',
      '-c:v',
      'copy',
      '-f',
      'matroska',
      'file:/o.mkv',
    ]);
  });
});

describe('formatConcatList / writeConcatList', () => {
  it("quotes every path, escaping single quotes as '\\''", () => {
    expect(formatConcatList(['/tmp/a.mp4', "/tmp/it's here/b.mp4", '/tmp/#3 $x.mp4'])).toBe(
      "ffconcat version 1.0\nfile '/tmp/a.mp4'\nfile '/tmp/it'\\''s here/b.mp4'\nfile '/tmp/#3 $x.mp4'\n",
    );
  });

  it('refuses line breaks and empty lists', () => {
    expect(() => formatConcatList(['/tmp/a\nfile /etc/passwd'])).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    expect(() => formatConcatList([])).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
  });

  it('writes the list once and never overwrites', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ecg-concat-'));
    try {
      const listPath = join(dir, 'list.txt');
      await writeConcatList({ listPath, segmentPaths: ['/a.mp4'] });
      expect(await readFile(listPath, 'utf8')).toBe("ffconcat version 1.0\nfile '/a.mp4'\n");
      await expect(writeConcatList({ listPath, segmentPaths: ['/b.mp4'] })).rejects.toMatchObject({
        code: 'EEXIST',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
