import { blobReader, readMp4FrameRate, type Mp4FrameRate } from '../preview/read-mp4-frame-rate.js';

export interface LoadedVideo {
  file: File;
  /** Object URL the preview plays. */
  url: string;
  width: number;
  height: number;
  durationSec: number;
  /** From the MP4/MOV sample table; null for other containers. */
  rate: Mp4FrameRate | null;
  /** Why the browser cannot play it (it may still render: the workers decode with FFmpeg). */
  playError: string | null;
}

/** Reads what the studio needs from a chosen video file without uploading it. */
export async function loadVideoFacts(file: File): Promise<LoadedVideo> {
  const url = URL.createObjectURL(file);
  const rate = await readMp4FrameRate(blobReader(file), file.size).catch(() => null);
  const probe = document.createElement('video');
  probe.preload = 'metadata';
  probe.muted = true;
  const facts = await new Promise<{
    width: number;
    height: number;
    durationSec: number;
    playError: string | null;
  }>((resolve) => {
    probe.onloadedmetadata = () =>
      resolve({
        width: probe.videoWidth,
        height: probe.videoHeight,
        durationSec: probe.duration,
        playError: probe.videoWidth > 0 ? null : 'The file has no picture this browser can show',
      });
    probe.onerror = () =>
      resolve({
        width: 0,
        height: 0,
        durationSec: 0,
        playError: `This browser cannot play this file (${probe.error?.message || 'unsupported format'}); it can still be rendered`,
      });
    probe.src = url;
  });
  probe.removeAttribute('src');
  probe.load();
  return { file, url, rate, ...facts };
}
