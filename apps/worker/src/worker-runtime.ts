import type { Config } from '@ecg-render/config';
import type { Sql } from '@ecg-render/db';
import type { Capabilities } from '@ecg-render/ffmpeg';
import type { ProgressEventThrottle, RuntimeDispatcher } from '@ecg-render/jobs';
import type { CaptureMode } from '@ecg-render/render';
import type { Storage } from '@ecg-render/storage';
import type { Admission } from './admission/admission.js';
import type { WorkerMetrics } from './worker-metrics.js';
import type { WorkerLogger } from './worker-logger.js';
import type { WorkerTemp } from './temp/worker-temp.js';
import type { WorkerTiming } from './worker-timing.js';

/** What every task handler of one worker process shares. */
export interface WorkerRuntime {
  config: Config;
  sql: Sql;
  storage: Storage;
  dispatcher: RuntimeDispatcher;
  logger: WorkerLogger;
  workerId: string;
  capabilities: Pick<Capabilities, 'encoders'> & Partial<Capabilities>;
  captureMode: CaptureMode;
  admission: Admission;
  temp: WorkerTemp;
  /** The FFmpeg to run: a PR_SET_PDEATHSIG wrapper where possible (writeFfmpegWrapper). */
  ffmpegPath: string;
  timing: WorkerTiming & { staleAfterSeconds: number };
  metrics: WorkerMetrics;
  throttle: ProgressEventThrottle;
}
