import { EcgError } from '@ecg-render/errors';
import type { Scenario, ScenarioNode, TimeRange } from '../types.js';
import { formatTimestamp } from './format-timestamp.js';
import { joinWords } from './join-words.js';
import { toMillis } from './to-millis.js';

export type SubtitleExportFormat = 'srt' | 'vtt';

interface ExportCue {
  start: number;
  end: number;
  text: string;
  order: number;
}

/**
 * An accessibility sidecar (SRT or WebVTT) from any MotionText scenario: each cue's visible text
 * (its text nodes in document order — words of a horizontal flow joined with spaces, except in
 * scripts written without spaces; lines of a vertical flow on separate lines) over the cue's
 * display time. Ends written half a millisecond early for the engine are restored, so an SRT
 * imported and exported again keeps its times to the millisecond. `define.` references are
 * resolved; image and video nodes are skipped.
 */
export function exportSubtitles(scenario: Scenario, format: SubtitleExportFormat): string {
  if (format !== 'srt' && format !== 'vtt') {
    throw new EcgError(
      'INVALID_OPTIONS',
      `unsupported export format "${String(format)}" (srt or vtt)`,
      { details: { format } },
    );
  }
  const define = scenario.define ?? {};
  const resolve = (value: unknown, depth = 0): unknown => {
    if (typeof value !== 'string' || !value.startsWith('define.') || depth > 8) return value;
    let current: unknown = define;
    for (const key of value.slice('define.'.length).split('.')) {
      if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key))
        return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return resolve(current, depth + 1);
  };
  const range = (value: unknown, parent: TimeRange | undefined): TimeRange | undefined => {
    const resolved = resolve(value);
    if (!Array.isArray(resolved) || resolved.length !== 2) return undefined;
    const bound = (item: unknown): number | undefined => {
      const v = resolve(item);
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && /^-?\d+(\.\d+)?%$/.test(v) && parent)
        return parent[0] + ((parent[1] - parent[0]) * parseFloat(v)) / 100;
      return undefined;
    };
    const start = bound(resolved[0]);
    const end = bound(resolved[1]);
    return start === undefined || end === undefined ? undefined : [start, end];
  };
  const union = (node: ScenarioNode, parent: TimeRange | undefined): TimeRange | undefined => {
    const own = range(node.displayTime, parent);
    if (own) return own;
    if (node.eType !== 'group') return undefined;
    let result: TimeRange | undefined;
    for (const child of node.children ?? []) {
      const childRange = union(child, parent);
      if (childRange)
        result = result
          ? [Math.min(result[0], childRange[0]), Math.max(result[1], childRange[1])]
          : childRange;
    }
    return result;
  };
  const textOf = (node: ScenarioNode): string => {
    if (node.eType === 'text') {
      const text = resolve(node.text);
      return typeof text === 'string' ? text : '';
    }
    if (node.eType !== 'group') return '';
    const layout = resolve(node.layout) as Record<string, unknown> | undefined;
    const childrenLayout = resolve(layout?.childrenLayout) as Record<string, unknown> | undefined;
    const children = node.children ?? [];
    if (childrenLayout?.direction === 'horizontal') {
      // Pieces that keep their own spaces (`whiteSpace: pre`, styled spans of one line) are
      // concatenated; words are joined with spaces where their script uses them.
      const preformatted =
        children.length > 0 &&
        children.every((child) => child.eType === 'text' && isPreformatted(resolve(child.style)));
      if (preformatted) return children.map(textOf).join('');
      return joinWords(
        children
          .map(textOf)
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      );
    }
    return children
      .map(textOf)
      .filter((part) => part.trim() !== '')
      .join('\n');
  };

  const cues: ExportCue[] = [];
  scenario.cues.forEach((cue, order) => {
    const time =
      range(cue.root.displayTime, undefined) ??
      range(cue.domLifetime, undefined) ??
      union(cue.root, undefined);
    if (!time) return;
    const text = textOf(cue.root)
      .split('\n')
      .map((line) => line.replace(/\s+/g, ' ').trim())
      .filter((line) => line !== '')
      .join('\n');
    const start = toMillis(time[0]);
    const end = toMillis(time[1]);
    if (text === '' || end <= start) return;
    cues.push({ start, end, text, order });
  });
  cues.sort((a, b) => a.start - b.start || a.order - b.order);

  if (format === 'srt') {
    return cues
      .map(
        (cue, index) =>
          `${index + 1}\n${formatTimestamp(cue.start, ',')} --> ${formatTimestamp(cue.end, ',')}\n${cue.text}\n`,
      )
      .join('\n');
  }
  const escape = (text: string): string =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    'WEBVTT\n',
    ...cues.map(
      (cue) =>
        `${formatTimestamp(cue.start, '.')} --> ${formatTimestamp(cue.end, '.')}\n${escape(cue.text)}\n`,
    ),
  ].join('\n');
}

function isPreformatted(style: unknown): boolean {
  if (typeof style !== 'object' || style === null) return false;
  const whiteSpace = (style as Record<string, unknown>).whiteSpace;
  return typeof whiteSpace === 'string' && whiteSpace.startsWith('pre');
}
