import { isEcgError } from '@ecg-render/errors';
import {
  fontAssetSources,
  importSubtitles,
  locateJsonSyntaxError,
  normalizeScenario,
  pluginNamesOf,
  type PresetName,
  type Scenario,
  type StageAspect,
  type SubtitleFormat,
} from '@ecg-render/scenario';
import type { CaptionIssue } from './caption-issue.js';

export type CaptionSource =
  | { kind: 'scenario'; text: string; filename: string | null }
  | { kind: 'subtitles'; text: string; filename: string | null; preset: PresetName };

export type LoadedCaptions =
  | {
      ok: true;
      /** What the preview engine gets and what is sent to the API: the same object. */
      scenario: Scenario;
      /** `scenario`, as the JSON text sent with the render request. */
      scenarioText: string;
      format: 'scenario' | SubtitleFormat;
      /** Plugins the scenario uses, as written (`name` or `name@version`). */
      pluginNames: string[];
      issues: CaptionIssue[];
    }
  | { ok: false; issues: CaptionIssue[] };

/**
 * Where a scenario's JSON breaks, as line and column. JSON.parse's messages carry no position for
 * many errors ("Unexpected token '}'…"), so the text is parsed again with the scenario package's
 * positioned parser (the one its subtitle importers use) to find the offset.
 */
function jsonSyntaxIssue(text: string, error: unknown): CaptionIssue {
  const at = locateJsonSyntaxError(text);
  const issue: CaptionIssue = {
    severity: 'error',
    code: 'INVALID_JSON',
    path: '$',
    message: `The scenario is not valid JSON: ${at ? at.message : error instanceof Error ? error.message : String(error)}`,
  };
  if (at) {
    issue.line = at.line;
    issue.column = at.column;
  }
  return issue;
}

/** An error thrown by normalizeScenario or importSubtitles, as issues (one per reported problem). */
function errorIssues(error: unknown): CaptionIssue[] {
  if (!isEcgError(error)) {
    return [
      {
        severity: 'error',
        code: 'INTERNAL',
        path: null,
        message: error instanceof Error ? error.message : String(error),
      },
    ];
  }
  const { details } = error;
  const listed = Array.isArray(details['issues'])
    ? (details['issues'] as { path?: unknown; message?: unknown }[])
    : [];
  if (listed.length > 1) {
    return listed.map((issue) => ({
      severity: 'error' as const,
      code: error.code,
      path: typeof issue.path === 'string' ? issue.path : null,
      message: `${typeof issue.path === 'string' ? `${issue.path}: ` : ''}${String(issue.message)}`,
    }));
  }
  const issue: CaptionIssue = {
    severity: 'error',
    code: error.code,
    path: typeof details['path'] === 'string' ? details['path'] : null,
    message: error.message,
  };
  if (typeof details['line'] === 'number') issue.line = details['line'];
  if (typeof details['column'] === 'number') issue.column = details['column'];
  return [issue];
}

/**
 * Turns what the user gave (scenario JSON, or a subtitle file and a preset) into the scenario the
 * preview shows and the render uses, with every error and warning located. Runs the same checks
 * and fixes as the workers (normalizeScenario: `[x, y]` → `{x, y}`, v1.3 field names), so a
 * scenario the studio accepts is one the API accepts. Pure: no DOM, no network.
 */
export function loadCaptions(
  source: CaptionSource,
  context: { aspect: StageAspect; fps?: number },
): LoadedCaptions {
  const issues: CaptionIssue[] = [];
  let input: unknown;
  let format: 'scenario' | SubtitleFormat = 'scenario';
  if (source.kind === 'scenario') {
    if (source.text.trim() === '') {
      return {
        ok: false,
        issues: [
          { severity: 'error', code: 'NO_CAPTIONS', path: null, message: 'No scenario yet' },
        ],
      };
    }
    try {
      input = JSON.parse(source.text);
    } catch (error) {
      return { ok: false, issues: [jsonSyntaxIssue(source.text, error)] };
    }
  } else {
    try {
      const imported = importSubtitles(source.text, {
        ...(source.filename !== null && { filename: source.filename }),
        preset: source.preset,
        aspect: context.aspect,
        ...(context.fps !== undefined && { fps: context.fps }),
      });
      input = imported.scenario;
      format = imported.format;
      for (const warning of imported.warnings) {
        const issue: CaptionIssue = {
          severity: 'warning',
          code: warning.code,
          path: null,
          message:
            warning.count && warning.count > 1
              ? `${warning.message} (×${warning.count})`
              : warning.message,
        };
        if (warning.line !== undefined) issue.line = warning.line;
        if (warning.column !== undefined) issue.column = warning.column;
        issues.push(issue);
      }
    } catch (error) {
      return { ok: false, issues: errorIssues(error) };
    }
  }
  try {
    const normalized = normalizeScenario(input);
    // As the API: fonts must be embedded (data: URIs); a URL or a file path is refused.
    fontAssetSources(normalized.resolved, { files: false });
    for (const warning of normalized.warnings) {
      issues.push({
        severity: 'warning',
        code: warning.code,
        path: warning.path ?? null,
        message: warning.message,
      });
    }
    return {
      ok: true,
      scenario: normalized.scenario,
      scenarioText: JSON.stringify(normalized.scenario),
      format,
      pluginNames: pluginNamesOf(normalized.resolved),
      issues,
    };
  } catch (error) {
    return { ok: false, issues: [...issues, ...errorIssues(error)] };
  }
}
