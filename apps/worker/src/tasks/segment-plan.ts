import { Readable } from 'node:stream';
import type { Container, EncoderName, Rational } from '@ecg-render/ffmpeg';
import { jobStorageKeys } from '@ecg-render/jobs';
import type { Storage } from '@ecg-render/storage';

/**
 * What every segment of a job is rendered with, fixed once by the attempt that plans it and
 * stored next to the segments: segments must share encoder settings exactly (they are joined
 * without re-encoding), so no worker may choose them again on its own — a GPU worker and a CPU
 * worker would otherwise encode different streams.
 */
export interface SegmentPlan {
  version: 1;
  jobId: string;
  /** The source in storage (the upload, or the planner's copy of a URL source). */
  sourceKey: string;
  encoder: EncoderName;
  crf: number;
  preset: string;
  container: Container;
  extension: string;
  width?: number;
  height?: number;
  /** Only when the job asked for a frame rate (otherwise the source's, as a single pass uses). */
  fps?: Rational;
  /** The rate frames are counted on. */
  gridFps: Rational;
  frameCount: number;
  seed?: string;
  ranges: { frameStart: number; frameEnd: number }[];
}

export async function readSegmentPlan(input: {
  storage: Storage;
  jobId: string;
  signal?: AbortSignal;
}): Promise<SegmentPlan | null> {
  const key = jobStorageKeys.plan(input.jobId);
  if ((await input.storage.stat(key)) === null) return null;
  const { stream } = await input.storage.getStream(
    key,
    input.signal ? { signal: input.signal } : {},
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const plan = JSON.parse(Buffer.concat(chunks).toString('utf8')) as SegmentPlan;
  return plan.version === 1 && plan.jobId === input.jobId ? plan : null;
}

export async function writeSegmentPlan(input: {
  storage: Storage;
  plan: SegmentPlan;
  signal?: AbortSignal;
}): Promise<void> {
  await input.storage.putStream({
    key: jobStorageKeys.plan(input.plan.jobId),
    stream: Readable.from([Buffer.from(JSON.stringify(input.plan))]),
    contentType: 'application/json',
    ...(input.signal && { signal: input.signal }),
  });
}
