import type { Scenario } from './types.js';

type Obj = Record<string, unknown>;

function walkNodes(scenario: Scenario, visit: (node: Obj) => void): void {
  const walk = (node: Obj) => {
    visit(node);
    const children = node['children'];
    if (Array.isArray(children)) children.forEach((child) => walk(child as Obj));
  };
  for (const cue of scenario.cues) walk(cue.root);
}

/** Plugin names a (define-resolved) scenario uses, as written (`name` or `name@version`). */
export function pluginNamesOf(resolved: Scenario): string[] {
  const names = new Set<string>();
  walkNodes(resolved, (node) => {
    const chain = node['pluginChain'];
    if (!Array.isArray(chain)) return;
    for (const spec of chain) {
      if (spec && typeof spec === 'object' && typeof (spec as Obj)['name'] === 'string') {
        names.add((spec as Obj)['name'] as string);
      }
    }
  });
  return [...names].sort();
}

export interface DeclaredAsset {
  key: string;
  type: 'font' | 'image' | 'video' | 'audio';
  /** As written: a path relative to the scenario's folder, or a URL. */
  source: string;
  family?: string;
}

/** Assets declared in the define section (`{type: 'font' | 'image' | …, src | url}`). */
export function declaredAssetsOf(scenario: Scenario): DeclaredAsset[] {
  const out: DeclaredAsset[] = [];
  for (const [key, value] of Object.entries(scenario.define ?? {})) {
    if (!value || typeof value !== 'object') continue;
    const asset = value as Obj;
    const type = asset['type'];
    const source = asset['src'] ?? asset['url'];
    if (
      (type === 'font' || type === 'image' || type === 'video' || type === 'audio') &&
      typeof source === 'string'
    ) {
      const entry: DeclaredAsset = { key, type, source };
      if (type === 'font' && typeof asset['family'] === 'string') entry.family = asset['family'];
      out.push(entry);
    }
  }
  return out;
}

/** The latest time anything in the scenario is shown (finite display times only), or 0. */
export function scenarioEndTime(resolved: Scenario): number {
  let end = 0;
  walkNodes(resolved, (node) => {
    const time = node['displayTime'];
    if (Array.isArray(time) && typeof time[1] === 'number' && Number.isFinite(time[1])) {
      end = Math.max(end, time[1]);
    }
  });
  return end;
}
