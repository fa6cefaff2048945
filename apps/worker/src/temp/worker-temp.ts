import type { WorkerTempDir } from './worker-temp-dir.js';

/** A worker's scratch space: its own folder, and the plugin cache it shares with its neighbours. */
export interface WorkerTemp extends WorkerTempDir {
  /** Content-addressed (`<sha256>/`), so workers on one machine can share it safely. */
  pluginCacheDir: string;
}
