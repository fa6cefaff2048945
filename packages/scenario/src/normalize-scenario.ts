import { EcgError } from '@ecg-render/errors';
import { jsonPath } from './json-path.js';
import { resolveDefines } from './resolve-defines.js';
import { scenarioSchema } from './scenario-schema.js';
import type { ScenarioWarning } from './scenario-warning.js';
import type { Scenario } from './types.js';

type Path = (string | number)[];
type Obj = Record<string, unknown>;

const NODE_TYPES = new Set(['group', 'text', 'image', 'video']);
const XY_FIELDS: Record<string, [string, string]> = {
  position: ['x', 'y'],
  scale: ['x', 'y'],
  translate: ['x', 'y'],
  skew: ['xDeg', 'yDeg'],
};

function isObject(value: unknown): value is Obj {
  return Boolean(value) && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Fixes what the engine would silently get wrong and reports it, without changing anything it
 * renders correctly:
 * - `[x, y]` arrays where the engine reads `{x, y}` (it ignores arrays, dropping the position);
 * - v1.3 node fields in a v2.0 document (`type` for `eType`, `content` for `text`), which the engine
 *   ignores, rendering empty nodes.
 */
function normalizeNode(node: Obj, path: Path, warnings: ScenarioWarning[]): void {
  if (
    node['eType'] === undefined &&
    typeof node['type'] === 'string' &&
    NODE_TYPES.has(node['type'])
  ) {
    node['eType'] = node['type'];
    delete node['type'];
    warnings.push({
      code: 'LEGACY_FIELD',
      path: jsonPath([...path, 'type']),
      message: `${jsonPath([...path, 'type'])}: "type" is the v1.3 name of "eType"; read as eType "${String(node['eType'])}"`,
    });
  }
  if (
    node['eType'] === 'text' &&
    node['text'] === undefined &&
    typeof node['content'] === 'string'
  ) {
    node['text'] = node['content'];
    delete node['content'];
    warnings.push({
      code: 'LEGACY_FIELD',
      path: jsonPath([...path, 'content']),
      message: `${jsonPath([...path, 'content'])}: "content" is the v1.3 name of "text"; read as text`,
    });
  }
  const layout = node['layout'];
  if (isObject(layout)) {
    const fixXY = (holder: Obj, key: string, at: Path) => {
      const value = holder[key];
      const names = XY_FIELDS[key];
      if (names && Array.isArray(value) && value.length === 2) {
        holder[key] = { [names[0]]: value[0], [names[1]]: value[1] };
        warnings.push({
          code: 'ARRAY_POSITION',
          path: jsonPath([...at, key]),
          message: `${jsonPath([...at, key])}: [${value.join(', ')}] read as {${names[0]}: ${String(value[0])}, ${names[1]}: ${String(value[1])}} (the engine ignores arrays here)`,
        });
      }
    };
    fixXY(layout, 'position', [...path, 'layout']);
    const transform = layout['transform'];
    if (isObject(transform)) {
      for (const key of ['scale', 'translate', 'skew'])
        fixXY(transform, key, [...path, 'layout', 'transform']);
    }
  }
  const children = node['children'];
  if (Array.isArray(children)) {
    children.forEach((child, i) => {
      if (isObject(child)) normalizeNode(child, [...path, 'children', i], warnings);
    });
  }
}

function checkIds(resolved: Obj): void {
  const seen = new Map<string, string>();
  const claim = (id: unknown, path: Path) => {
    const key = String(id);
    const previous = seen.get(key);
    if (previous) {
      throw new EcgError(
        'INVALID_SCENARIO',
        `${jsonPath(path)}: id "${key}" is already used at ${previous} (cue and node ids must be unique)`,
        {
          details: { path: jsonPath(path), id: key },
        },
      );
    }
    seen.set(key, jsonPath(path));
  };
  const trackIds = new Set<string>();
  (resolved['tracks'] as Obj[]).forEach((track, i) => {
    if (trackIds.has(String(track['id']))) {
      throw new EcgError(
        'INVALID_SCENARIO',
        `${jsonPath(['tracks', i, 'id'])}: duplicate track id "${String(track['id'])}"`,
        {
          details: { path: jsonPath(['tracks', i, 'id']) },
        },
      );
    }
    trackIds.add(String(track['id']));
  });
  const visit = (node: Obj, path: Path) => {
    claim(node['id'], [...path, 'id']);
    const children = node['children'];
    if (Array.isArray(children))
      children.forEach((child, i) => visit(child as Obj, [...path, 'children', i]));
  };
  (resolved['cues'] as Obj[]).forEach((cue, i) => {
    claim(cue['id'], ['cues', i, 'id']);
    if (!trackIds.has(String(cue['track']))) {
      throw new EcgError(
        'INVALID_SCENARIO',
        `${jsonPath(['cues', i, 'track'])}: unknown track "${String(cue['track'])}"`,
        {
          details: { path: jsonPath(['cues', i, 'track']) },
        },
      );
    }
    visit(cue['root'] as Obj, ['cues', i, 'root']);
  });
}

function warnNeverShown(resolved: Obj, warnings: ScenarioWarning[]): void {
  const visit = (node: Obj, path: Path) => {
    const time = node['displayTime'];
    if (Array.isArray(time) && time.some((v) => typeof v === 'string')) {
      warnings.push({
        code: 'NODE_NEVER_SHOWN',
        path: jsonPath([...path, 'displayTime']),
        message: `${jsonPath([...path, 'displayTime'])}: relative display times (${time.join(', ')}) are not supported by motiontext-renderer 1.5.0; this node will not be shown`,
      });
    }
    if (node['eType'] === 'video') {
      warnings.push({
        code: 'UNSUPPORTED_FEATURE',
        path: jsonPath(path),
        message: `${jsonPath(path)}: video nodes are not rendered into the output (they only play in a live preview)`,
      });
    }
    const children = node['children'];
    if (Array.isArray(children))
      children.forEach((child, i) => visit(child as Obj, [...path, 'children', i]));
  };
  (resolved['cues'] as Obj[]).forEach((cue, i) => visit(cue['root'] as Obj, ['cues', i, 'root']));
}

export interface NormalizedScenario {
  /** What to give the engine: the input with the fixes above (define references kept). */
  scenario: Scenario;
  /** The same with define references resolved, for planning and checks. */
  resolved: Scenario;
  warnings: ScenarioWarning[];
}

/**
 * Checks a MotionText scenario against what motiontext-renderer 1.5.0 accepts, with errors that
 * name the JSON path, and applies the fixes described in normalizeNode.
 */
export function normalizeScenario(input: unknown): NormalizedScenario {
  if (!isObject(input)) {
    throw new EcgError('INVALID_SCENARIO', '$: a scenario must be a JSON object', {
      details: { path: '$' },
    });
  }
  const version = input['version'];
  if (version !== '2.0') {
    throw new EcgError(
      'UNSUPPORTED_SCENARIO_VERSION',
      version === undefined
        ? '$.version: missing; only MotionText scenario version "2.0" is supported'
        : `$.version: scenario version ${JSON.stringify(version)} is not supported; motiontext-renderer 1.5.0 renders only version "2.0" (v1.3 fields absStart/absEnd, relStart/relEnd and hintTime became displayTime, timeOffset and domLifetime)`,
      { details: { path: '$.version', version } },
    );
  }
  const warnings: ScenarioWarning[] = [];
  const scenario = structuredClone(input);
  const cues = scenario['cues'];
  if (Array.isArray(cues)) {
    cues.forEach((cue, i) => {
      if (isObject(cue) && isObject(cue['root']))
        normalizeNode(cue['root'], ['cues', i, 'root'], warnings);
    });
  }
  const resolved = resolveDefines(scenario);
  const parsed = scenarioSchema.safeParse(resolved);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 20).map((issue) => ({
      path: jsonPath(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))),
      message: issue.message,
    }));
    const first = issues[0]!;
    throw new EcgError(
      'INVALID_SCENARIO',
      `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problems)` : ''}`,
      { details: { path: first.path, issues } },
    );
  }
  checkIds(resolved);
  warnNeverShown(resolved, warnings);
  if (scenario['pluginApiVersion'] !== undefined && scenario['pluginApiVersion'] !== '3.0') {
    warnings.push({
      code: 'PLUGIN_API_VERSION',
      path: '$.pluginApiVersion',
      message: `$.pluginApiVersion: ${JSON.stringify(scenario['pluginApiVersion'])} — plugins are run with plugin API 3.0`,
    });
  }
  return {
    scenario: scenario as unknown as Scenario,
    resolved: resolved as unknown as Scenario,
    warnings,
  };
}
