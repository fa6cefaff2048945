import type { PluginSpec, Scenario, ScenarioNode, TimeRange } from '../../types.js';

/** The plugin set of packages/plugins (README): the builder must not name anything else. */
const KNOWN_PLUGINS = new Set([
  'fadeIn',
  'fadeOut',
  'slideUp',
  'pop',
  'typewriter',
  'karaoke',
  'bounce',
  'spin',
  'bobY',
  'pulse',
  'glow',
]);

/**
 * Structural problems of a built scenario, as messages (empty = fine): the facts the engine relies
 * on (v2.0, unique ids, `{x, y}` positions, ordered times, children inside their parents, plugin
 * windows inside their node's display time with exact `["0%", "0%"]` offsets).
 */
export function checkScenarioStructure(scenario: Scenario): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const useId = (id: unknown, where: string): void => {
    if (typeof id !== 'string' || id === '') problems.push(`${where}: missing id`);
    else if (ids.has(id)) problems.push(`${where}: duplicate id ${id}`);
    else ids.add(id);
  };
  const isRange = (value: unknown): value is TimeRange =>
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    value[0] <= value[1];

  if (scenario.version !== '2.0') problems.push('version is not "2.0"');
  if (scenario.pluginApiVersion !== '3.0') problems.push('pluginApiVersion is not "3.0"');
  if (scenario.timebase?.unit !== 'seconds') problems.push('timebase.unit is not seconds');
  if (!['16:9', '9:16'].includes(scenario.stage?.baseAspect)) problems.push('stage.baseAspect');
  const trackIds = new Set<string>();
  for (const track of scenario.tracks) {
    if (trackIds.has(track.id)) problems.push(`duplicate track ${track.id}`);
    trackIds.add(track.id);
  }

  const visit = (node: ScenarioNode, parent: TimeRange, path: string): void => {
    useId(node.id, path);
    const own = node.displayTime ?? parent;
    if (!isRange(own)) problems.push(`${path}: displayTime is not an ordered [start, end]`);
    else if (own[0] < parent[0] - 1e-9 || own[1] > parent[1] + 1e-9)
      problems.push(`${path}: displayTime outside its parent`);
    const position = node.layout?.position as unknown;
    if (position !== undefined) {
      if (Array.isArray(position) || typeof position !== 'object' || position === null)
        problems.push(`${path}: position is not an {x, y} object`);
      else {
        const { x, y } = position as { x: unknown; y: unknown };
        if (
          typeof x !== 'number' ||
          typeof y !== 'number' ||
          !Number.isFinite(x) ||
          !Number.isFinite(y)
        )
          problems.push(`${path}: position x/y not finite numbers`);
      }
    }
    for (const plugin of node.pluginChain ?? []) {
      if (typeof plugin === 'string') {
        problems.push(`${path}: plugin given by reference`);
        continue;
      }
      if (!KNOWN_PLUGINS.has(plugin.name)) problems.push(`${path}: unknown plugin ${plugin.name}`);
      if (!isRange(plugin.baseTime))
        problems.push(`${path}: plugin ${plugin.name} baseTime not ordered`);
      else if (
        isRange(own) &&
        // Fades straddle the cue's edges on purpose (see base-text-plugins); everything else
        // runs inside the node's display time, and nothing lies entirely outside it.
        ((plugin.name !== 'fadeIn' && plugin.baseTime[0] < own[0] - 1e-9) ||
          (plugin.name !== 'fadeOut' && plugin.baseTime[1] > own[1] + 1e-9) ||
          plugin.baseTime[1] < own[0] ||
          plugin.baseTime[0] > own[1])
      )
        problems.push(`${path}: plugin ${plugin.name} window outside the node's display time`);
      if (JSON.stringify(plugin.timeOffset) !== '["0%","0%"]')
        problems.push(`${path}: plugin ${plugin.name} timeOffset is not exact`);
    }
    const names = ((node.pluginChain ?? []) as PluginSpec[]).map((plugin) => plugin.name);
    if (new Set(names).size !== names.length)
      problems.push(`${path}: the same plugin twice on one node`);
    if (node.eType === 'text' && (typeof node.text !== 'string' || node.text.trim() === ''))
      problems.push(`${path}: empty text`);
    if (node.eType === 'group') {
      if (!Array.isArray(node.children) || node.children.length === 0)
        problems.push(`${path}: group without children`);
      node.children?.forEach((child, index) =>
        visit(child, isRange(own) ? own : parent, `${path}.children[${index}]`),
      );
    }
  };

  let previousStart = Number.NEGATIVE_INFINITY;
  scenario.cues.forEach((cue, index) => {
    const path = `cues[${index}]`;
    useId(cue.id, path);
    if (!trackIds.has(cue.track)) problems.push(`${path}: unknown track ${cue.track}`);
    if (cue.root.eType !== 'group') problems.push(`${path}: root is not a group`);
    const time = cue.root.displayTime;
    if (!isRange(time)) {
      problems.push(`${path}: root without displayTime`);
      return;
    }
    if (time[1] <= time[0]) problems.push(`${path}: empty display time`);
    if (!isRange(cue.domLifetime) || cue.domLifetime[0] > time[0] || cue.domLifetime[1] < time[1])
      problems.push(`${path}: domLifetime does not cover the root`);
    if (time[0] < previousStart - 1e-9) problems.push(`${path}: cues not in start order`);
    previousStart = time[0];
    visit(cue.root, time, `${path}.root`);
  });
  return problems;
}
