import type { EncoderName } from '@ecg-render/ffmpeg';
import type { RenderSettings } from '@ecg-render/jobs';
import type { RenderVideoOptions } from '@ecg-render/pipeline';
import type { PluginPackage } from '@ecg-render/plugins';
import type { WorkerRuntime } from '../worker-runtime.js';

/** The renderVideo options every render of this worker shares, for one job's settings. */
export function baseRenderOptions(input: {
  rt: WorkerRuntime;
  settings: Pick<RenderSettings, 'crf' | 'preset' | 'width' | 'height' | 'fps' | 'seed'>;
  encoder: EncoderName;
  pluginPackages: PluginPackage[];
  signal: AbortSignal;
  log: Record<string, unknown>;
}): Omit<RenderVideoOptions, 'source' | 'scenario' | 'output'> {
  const { rt, settings } = input;
  const { config } = rt;
  return {
    encoder: input.encoder,
    crf: settings.crf,
    preset: settings.preset,
    ...(settings.width !== undefined &&
      settings.height !== undefined && { width: settings.width, height: settings.height }),
    ...(settings.fps && { fps: settings.fps }),
    ...(settings.seed !== undefined && { seed: settings.seed }),
    pluginPackages: input.pluginPackages,
    workers: config.worker.browserPoolSize,
    ...(config.binaries.chromiumPath !== null && { chromiumPath: config.binaries.chromiumPath }),
    ffmpegPath: rt.ffmpegPath,
    ffprobePath: config.binaries.ffprobePath,
    capabilities: rt.capabilities,
    limits: {
      maxWidth: config.limits.maxVideoWidth,
      maxHeight: config.limits.maxVideoHeight,
      maxDurationSec: config.limits.maxVideoDurationSeconds,
      maxFps: config.limits.maxVideoFps,
      maxStreams: config.limits.maxStreams,
    },
    signal: input.signal,
    onLog: (line) => rt.logger.info(input.log, line),
  };
}
