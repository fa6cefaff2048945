import type { Config } from './config.js';
import { loadConfig } from './load-config.js';

/**
 * The configuration of this process, from its environment. `overrides` take precedence over the
 * environment (a command-line flag such as `serve --mode api` sets ECG_RENDER_MODE this way, so
 * the defaults that depend on the mode follow it).
 */
export function loadConfigFromProcess(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}
