import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../types.js';

/** A probe result for a plain 1920×1080 30 fps H.264 + AAC mp4, with overrides. */
export function mediaInfo(
  overrides: Partial<Omit<MediaInfo, 'video' | 'audio'>> & {
    video?: Partial<VideoStreamInfo>;
    audio?: Partial<AudioStreamInfo> | null;
  } = {},
): MediaInfo {
  const { video, audio, ...rest } = overrides;
  return {
    path: '/media/in.mp4',
    sizeBytes: 1_000_000,
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSec: 60,
    startTimeSec: 0,
    streamCount: 2,
    ...rest,
    video: {
      index: 0,
      codec: 'h264',
      pixFmt: 'yuv420p',
      bitDepth: 8,
      width: 1920,
      height: 1080,
      displayWidth: 1920,
      displayHeight: 1080,
      rotation: 0,
      fps: { num: 30, den: 1 },
      avgFps: { num: 30, den: 1 },
      isVfr: false,
      frameCount: 1800,
      durationSec: 60,
      startTimeSec: 0,
      ...video,
    },
    audio:
      audio === null
        ? null
        : {
            index: 1,
            codec: 'aac',
            sampleRate: 48000,
            channels: 2,
            startTimeSec: 0,
            durationSec: 60,
            ...audio,
          },
  };
}
