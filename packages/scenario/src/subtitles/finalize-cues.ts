import type { SubtitleCue } from './types.js';
import type { WarningSink } from './warning-sink.js';

/**
 * The clean-up every importer shares: drops cues that can never show (no text, end not after
 * start), sorts by start time (stable, so simultaneous cues keep file order), and warns about
 * out-of-order and overlapping cues — which are kept: overlaps are often deliberate (two speakers)
 * and the builder stacks them.
 */
export function finalizeCues(cues: SubtitleCue[], warnings: WarningSink): SubtitleCue[] {
  const kept: SubtitleCue[] = [];
  for (const cue of cues) {
    if (!(cue.end > cue.start)) {
      warnings.add(
        {
          code: 'dropped-cue',
          message: `cue ends at or before its start (${cue.start.toFixed(3)}s → ${cue.end.toFixed(3)}s) and was dropped`,
          line: cue.sourceLine,
        },
        'dropped-cue:time',
      );
      continue;
    }
    if (cue.text.trim() === '' && !(cue.words && cue.words.length > 0)) {
      warnings.add(
        { code: 'empty-cue', message: 'cue has no text and was dropped', line: cue.sourceLine },
        'empty-cue',
      );
      continue;
    }
    kept.push(cue);
  }
  for (let i = 1; i < kept.length; i++) {
    if (kept[i]!.start < kept[i - 1]!.start) {
      warnings.add(
        {
          code: 'out-of-order',
          message: 'cues are not in time order; they were sorted by start time',
          line: kept[i]!.sourceLine,
        },
        'out-of-order',
      );
    }
  }
  const sorted = kept
    .map((cue, index) => ({ cue, index }))
    .sort((a, b) => a.cue.start - b.cue.start || a.index - b.index)
    .map(({ cue }) => cue);
  let latestEnd = Number.NEGATIVE_INFINITY;
  for (const cue of sorted) {
    if (cue.start < latestEnd - 1e-9) {
      warnings.add(
        {
          code: 'overlap',
          message: 'cue overlaps an earlier cue; both are kept and shown together',
          line: cue.sourceLine,
        },
        'overlap',
      );
    }
    latestEnd = Math.max(latestEnd, cue.end);
  }
  return sorted;
}
