import { describe, expect, it } from 'vitest';
import { jobDownloadName } from './job-download-name.js';

const jobId = '6f1c2a4e-0000-4000-8000-000000000001';

describe('jobDownloadName', () => {
  it.each([
    [null, 'jobs/x/attempt/output.mp4', `${jobId}.mp4`],
    ['ecg-job-1', 'jobs/x/attempt/output.mkv', 'ecg-job-1.mkv'],
    // A run of unsafe characters is one underscore (the API and the worker used to differ here).
    ['my clip  (final)/2', 'jobs/x/output.mp4', 'my_clip_final_2.mp4'],
    ['vidéo 1', 'jobs/x/output.mov', 'vid_o_1.mov'],
    ['x'.repeat(300), 'jobs/x/output.mp4', `${'x'.repeat(100)}.mp4`],
    ['no-extension', 'jobs/x/output', 'no-extension.mp4'],
  ])('names external id %j with key %s as %s', (externalId, key, expected) => {
    expect(jobDownloadName({ jobId, externalId, key })).toBe(expected);
  });
});
