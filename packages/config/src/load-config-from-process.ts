import type { Config } from './config.js';
import { loadConfig } from './load-config.js';

/**
 * For entrypoints only: the one place in ECG Render that reads `process.env`. Everything else
 * receives the Config (or the part it needs) as an argument, which keeps it testable.
 */
export function loadConfigFromProcess(): Config {
  return loadConfig(process.env);
}
