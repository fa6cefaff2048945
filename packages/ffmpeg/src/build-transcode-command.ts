import {
  buildCompositeCommand,
  type BuildCompositeCommandOptions,
  type CompositeCommand,
} from './build-composite-command.js';

export type BuildTranscodeCommandOptions = Omit<BuildCompositeCommandOptions, 'overlay'>;

/**
 * The composite without a caption stream: the same decode, timing, scaling, encoder settings and
 * audio handling, so it is the honest baseline a burn-in is measured against.
 */
export function buildTranscodeCommand(options: BuildTranscodeCommandOptions): CompositeCommand {
  return buildCompositeCommand({ ...options, overlay: null });
}
