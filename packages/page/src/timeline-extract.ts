import { pluginWindow } from './plugin-window.js';
import type { PluginWindow, TimelineInfo, TimelineNode } from './protocol.js';

type Kind = PluginWindow['kind'];

function finiteRange(value: unknown): [number, number] | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [a, b] = value as unknown[];
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)
    ? [a, b]
    : null;
}

function isVisibleBox(box: unknown): boolean {
  if (!box || typeof box !== 'object') return false;
  const b = box as Record<string, unknown>;
  return Boolean(b['backgroundColor'] || b['boxBg'] || b['border']);
}

function hasContent(node: Record<string, unknown>): boolean {
  const chain = node['pluginChain'];
  if (Array.isArray(chain) && chain.length > 0) return true;
  switch (node['eType']) {
    case 'text':
      return typeof node['text'] === 'string' && node['text'].trim().length > 0;
    case 'image':
    case 'video':
      return true;
    case 'group':
      return isVisibleBox(node['boxStyle']);
    default:
      return false;
  }
}

/**
 * Describes when each node of an engine-parsed scenario (defines resolved, inheritance applied) is
 * mounted and when its plugins run, following RendererV2.processCue/processNode exactly:
 * - a cue's nodes exist only while t is inside the cue's domLifetime (plain comparison);
 * - a node is mounted while `start <= t <= end` of its displayTime, and only when both are finite
 *   (the engine's isWithinTimeRange rejects ±Infinity, so a node without a displayTime anywhere up
 *   its ancestry is never mounted — its children attach to the stage directly);
 * - plugins are evaluated only while the node is mounted.
 */
export function extractTimeline(
  parsedScenario: unknown,
  pluginKind: (name: string) => Kind,
): TimelineInfo {
  const nodes: TimelineNode[] = [];
  const cues = (parsedScenario as { cues?: unknown[] }).cues ?? [];
  for (const rawCue of cues) {
    const cue = rawCue as Record<string, unknown>;
    const cueId = String(cue['id']);
    const life = Array.isArray(cue['domLifetime']) ? (cue['domLifetime'] as number[]) : null;
    const lifeStart = life ? Number(life[0]) : -Infinity;
    const lifeEnd = life ? Number(life[1]) : Infinity;
    const visit = (raw: unknown): void => {
      const node = raw as Record<string, unknown>;
      const display = finiteRange(node['displayTime']);
      let active: [number, number] | null = null;
      if (display) {
        const start = Math.max(display[0], lifeStart);
        const end = Math.min(display[1], lifeEnd);
        active = start <= end ? [start, end] : null;
      }
      const plugins: PluginWindow[] = [];
      const chain = Array.isArray(node['pluginChain']) ? (node['pluginChain'] as unknown[]) : [];
      for (const entry of chain) {
        if (!entry || typeof entry !== 'object') continue;
        const spec = entry as Record<string, unknown>;
        const name = String(spec['name']);
        const base = spec['baseTime'] ?? node['baseTime'] ?? node['displayTime'];
        plugins.push({
          name,
          window: pluginWindow(base, spec['timeOffset']),
          kind: pluginKind(name),
        });
      }
      nodes.push({
        key: `${cueId}:${String(node['id'])}`,
        cueId,
        eType: String(node['eType']),
        content: hasContent(node),
        active,
        plugins,
      });
      const children = node['children'];
      if (node['eType'] === 'group' && Array.isArray(children)) children.forEach(visit);
    };
    visit(cue['root']);
  }
  return { nodes };
}
