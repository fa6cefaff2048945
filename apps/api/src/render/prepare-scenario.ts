import { listPlugins, type Sql } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import type { PinnedPlugin } from '@ecg-render/jobs';
import { builtinPlugins, resolvePlugins, type PluginPackage } from '@ecg-render/plugins';
import {
  fontAssetSources,
  importSubtitles,
  normalizeScenario,
  pluginNamesOf,
  type PresetName,
  type Scenario,
  type ScenarioWarning,
  type SubtitleWarning,
} from '@ecg-render/scenario';

export interface ScenarioInput {
  /** A MotionText scenario (parsed JSON); or */
  scenario?: unknown;
  /** a subtitle file (SRT, WebVTT, ASS, word-timed JSON) to build one from. */
  subtitles?: { text: string; filename?: string };
  preset?: string;
}

export interface PreparedScenario {
  /** What the worker renders: the normalised scenario. */
  scenario: Scenario;
  warnings: (ScenarioWarning | SubtitleWarning)[];
  /**
   * The plugin packages the scenario's names resolve to now, by hash: stored with the job
   * (`options.plugins`) so its workers render with exactly these, whatever is uploaded later.
   */
  plugins: PinnedPlugin[];
}

/**
 * Validates the caption input of a render request without side effects: exactly one of a scenario
 * or subtitles (INVALID_REQUEST), a scenario the engine accepts (INVALID_SCENARIO with its JSON
 * path), subtitles that parse (INVALID_SUBTITLES with line and column), fonts embedded in it
 * (ASSET_NOT_ALLOWED, ASSET_NOT_FOUND: see fontAssetSources), and plugins the registry
 * or the built-in set knows (UNKNOWN_PLUGIN), which it pins by hash (`plugins`).
 */
export async function prepareScenario(sql: Sql, input: ScenarioInput): Promise<PreparedScenario> {
  if ((input.scenario === undefined) === (input.subtitles === undefined)) {
    throw new EcgError('INVALID_REQUEST', 'Send either a scenario or subtitles (exactly one)', {
      details: { field: input.scenario === undefined ? 'scenario' : 'subtitles' },
    });
  }
  if (input.preset !== undefined && input.subtitles === undefined) {
    throw new EcgError('INVALID_REQUEST', 'preset applies to subtitles only', {
      details: { field: 'preset' },
    });
  }
  const warnings: PreparedScenario['warnings'] = [];
  let raw = input.scenario;
  if (input.subtitles !== undefined) {
    const imported = importSubtitles(input.subtitles.text, {
      ...(input.subtitles.filename !== undefined && { filename: input.subtitles.filename }),
      ...(input.preset !== undefined && { preset: input.preset as PresetName }),
    });
    raw = imported.scenario;
    warnings.push(...imported.warnings);
  }
  const normalized = normalizeScenario(raw);
  warnings.push(...normalized.warnings);
  // Fonts travel inside the scenario (data: URIs): a remote one or a file path would fail the job
  // later, so it is refused now, with its JSON path.
  fontAssetSources(normalized.resolved, { files: false });

  const names = pluginNamesOf(normalized.resolved);
  const plugins: PinnedPlugin[] = [];
  if (names.length > 0) {
    // Resolved once, here, the way the render page resolves them (packages/plugins
    // resolvePlugins: our built-in set first for every name it has, then the registry), and
    // pinned by hash: a later upload cannot change what this job renders with.
    const registry: PluginPackage[] = (await listPlugins(sql)).map((plugin) => ({
      name: plugin.name,
      version: plugin.version,
      sha256: plugin.sha256,
      dir: '',
      manifest: { ...plugin.manifest, name: plugin.name, version: plugin.version, entry: '' },
      files: [],
    }));
    const builtins = await builtinPlugins();
    for (const pkg of resolvePlugins({ names, sources: [registry], builtins })) {
      plugins.push({
        name: pkg.name,
        version: pkg.version,
        sha256: pkg.sha256,
        builtin: builtins.includes(pkg),
      });
    }
  }
  return { scenario: normalized.scenario, warnings, plugins };
}
