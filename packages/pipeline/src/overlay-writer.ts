import type { Writable } from 'node:stream';
import { createOverlayMuxer, overlayTimestampMs, type Rational } from '@ecg-render/ffmpeg';
import { EcgError } from '@ecg-render/errors';
import type { OverlayChange } from '@ecg-render/render';

export interface OverlayWriter {
  /** Overlay changes, strictly in frame order, the first at frame 0. */
  write(change: OverlayChange): Promise<void>;
  /** Carries the last overlay to the final frame and ends the stream. */
  finish(): Promise<void>;
  /** Frames up to which FFmpeg has been given the overlay. */
  framesSent(): number;
}

/**
 * Streams overlay changes to FFmpeg as Matroska/PNG with exact timestamps: FFmpeg's overlay holds
 * each frame until the next, so only changes travel. A keep-alive repeat every `keepAliveFrames`
 * bounds how long FFmpeg waits for the next overlay frame (and so how many decoded source frames it
 * buffers meanwhile). `transparent` is shown wherever nothing is visible.
 */
export function createOverlayWriter(options: {
  stream: Writable;
  width: number;
  height: number;
  fps: Rational;
  firstMainPts: number;
  frameCount: number;
  transparent: Buffer;
  keepAliveFrames?: number;
}): OverlayWriter {
  const { stream, fps, firstMainPts, frameCount, transparent } = options;
  const keepAlive = options.keepAliveFrames ?? Math.max(1, Math.round(fps.num / fps.den));
  const muxer = createOverlayMuxer({ width: options.width, height: options.height });
  let started = false;
  let lastFrame = -1;
  let lastPng: Buffer = transparent;

  const push = async (bytes: Buffer) => {
    if (stream.destroyed || stream.writableEnded) {
      throw new EcgError('FFMPEG_FAILED', 'FFmpeg stopped reading the caption stream');
    }
    if (!stream.write(bytes)) await drained();
  };
  const drained = () =>
    new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
        stream.off('error', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () =>
        settle(new EcgError('FFMPEG_FAILED', 'FFmpeg stopped reading the caption stream'));
      stream.on('drain', onDrain);
      stream.on('close', onClose);
      stream.on('error', onClose);
    });
  const emit = async (frame: number, png: Buffer) => {
    if (!started) {
      started = true;
      await push(muxer.header());
    }
    await push(muxer.frame({ png, timestampMs: overlayTimestampMs({ frame, fps, firstMainPts }) }));
    lastFrame = frame;
    lastPng = png;
  };
  const keepAliveUntil = async (frame: number) => {
    for (let f = lastFrame + keepAlive; f < frame; f += keepAlive) await emit(f, lastPng);
  };

  return {
    async write(change) {
      if (change.frame <= lastFrame)
        throw new EcgError('INTERNAL', `Overlay frame ${change.frame} after ${lastFrame}`);
      if (lastFrame === -1 && change.frame !== 0) await emit(0, transparent);
      await keepAliveUntil(change.frame);
      await emit(change.frame, change.png ?? transparent);
    },
    async finish() {
      if (lastFrame === -1) await emit(0, transparent);
      await keepAliveUntil(frameCount - 1);
      if (lastFrame < frameCount - 1) await emit(frameCount - 1, lastPng);
      await push(muxer.end());
      stream.end();
    },
    framesSent: () => lastFrame + 1,
  };
}
