import { registerExternalPlugin } from 'motiontext-renderer';
import type { PluginRef, PluginWindow } from '../protocol.js';

export interface PluginFailure {
  plugin: string;
  phase: string;
  message: string;
}

export interface PluginHost {
  kind(name: string): PluginWindow['kind'];
  /** Failures recorded since the last call (the engine swallows some of them). */
  takeFailures(): PluginFailure[];
}

const HOOKS = ['init', 'animate', 'cleanup', 'evalChannels'] as const;

/**
 * Loads plugin modules from the page's own origin and registers them with the engine. Each hook is
 * wrapped so a throwing plugin is reported (with the frame) instead of silently rendering nothing —
 * the engine catches and only logs failures in init and evalChannels.
 */
export async function loadPlugins(refs: PluginRef[]): Promise<PluginHost> {
  const kinds = new Map<string, PluginWindow['kind']>();
  let failures: PluginFailure[] = [];
  for (const ref of refs) {
    const entry = typeof ref.manifest['entry'] === 'string' ? ref.manifest['entry'] : 'index.mjs';
    const namespace = (await import(/* @vite-ignore */ new URL(entry, ref.baseUrl).href)) as Record<
      string,
      unknown
    >;
    // Plugin API v3.0 uses named exports; older packages export one default object.
    const source =
      typeof namespace['animate'] !== 'function' &&
      typeof namespace['evalChannels'] !== 'function' &&
      namespace['default'] &&
      typeof namespace['default'] === 'object'
        ? (namespace['default'] as Record<string, unknown>)
        : namespace;
    const module: Record<string, unknown> = { ...source };
    const record = (phase: string, error: unknown) =>
      failures.push({
        plugin: `${ref.name}@${ref.version}`,
        phase,
        message: error instanceof Error ? error.message : String(error),
      });
    for (const hook of HOOKS) {
      const fn = source[hook];
      if (typeof fn !== 'function') continue;
      module[hook] = (...args: unknown[]) => {
        try {
          const result = fn.apply(source, args);
          if (hook === 'animate' && typeof result === 'function') {
            return (progress: number) => {
              try {
                return (result as (p: number) => unknown)(progress);
              } catch (error) {
                record('seek', error);
                throw error;
              }
            };
          }
          return result;
        } catch (error) {
          record(hook, error);
          throw error;
        }
      };
    }
    const declared = ref.manifest['type'];
    const kind: PluginWindow['kind'] =
      declared === 'dom' || declared === 'channel' || declared === 'hybrid'
        ? declared
        : typeof module['animate'] === 'function' && typeof module['evalChannels'] === 'function'
          ? 'hybrid'
          : typeof module['animate'] === 'function'
            ? 'dom'
            : typeof module['evalChannels'] === 'function'
              ? 'channel'
              : 'unknown';
    registerExternalPlugin({
      name: ref.name,
      version: ref.version,
      module,
      baseUrl: ref.baseUrl,
      manifest: ref.manifest,
    });
    kinds.set(ref.name, kind);
    kinds.set(`${ref.name}@${ref.version}`, kind);
  }
  return {
    kind: (name) => kinds.get(name) ?? 'unknown',
    takeFailures() {
      const taken = failures;
      failures = [];
      return taken;
    },
  };
}
