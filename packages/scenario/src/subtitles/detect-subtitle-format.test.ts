import type { EcgError } from '@ecg-render/errors';
import { describe, expect, it } from 'vitest';
import { detectSubtitleFormat } from './detect-subtitle-format.js';

describe('detectSubtitleFormat', () => {
  it.each([
    ['WEBVTT\n\n00:01.000 --> 00:02.000\nA', undefined, 'vtt'],
    ['\uFEFFWEBVTT', undefined, 'vtt'],
    ['WEBVTT\n\n00:01.000 --> 00:02.000\nA', 'film.srt', 'vtt'],
    ['[Script Info]\nScriptType: v4.00+', undefined, 'ass'],
    ['\n[V4 Styles]\n', undefined, 'ass'],
    ['{"segments": []}', undefined, 'json'],
    ['  [{"start": 0}]', undefined, 'json'],
    ['1\n00:00:01,000 --> 00:00:02,000\nA', undefined, 'srt'],
    ['00:01.000 --> 00:02.000\nA', undefined, 'srt'],
    ['00:01.000 --> 00:02.000\nA', 'x.vtt', 'vtt'],
    ['', 'captions.SRT', 'srt'],
    ['', 'captions.ssa', 'ass'],
    ['', 'words.json', 'json'],
  ])('%j (%s) is %s', (text, filename, format) => {
    expect(detectSubtitleFormat(text, filename)).toBe(format);
  });

  it('fails on content and names that tell nothing', () => {
    try {
      detectSubtitleFormat('just some text', 'notes.txt');
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as EcgError).code).toBe('INVALID_SUBTITLES');
      expect((error as EcgError).details).toEqual({ format: 'unknown', line: 1, column: 1 });
    }
  });
});
