export interface StackItem {
  start: number;
  end: number;
  /** Height as a fraction of the stage height. */
  height: number;
  /** Items only push each other when they share a key (same anchor and place). */
  key: string;
  /** How far (stage heights) the item's far edge may get from the anchor edge. */
  room: number;
}

export interface StackResult {
  /** One offset per item, in order: stage heights away from the anchor edge. */
  offsets: number[];
  /** Items that found no free slot within their room and were drawn over others. */
  crowded: number;
}

/**
 * Vertical offsets that keep simultaneous captions from overlapping, like libass's collision
 * handling: an item takes the lowest free slot among the items still on screen at its start.
 * (The engine's overlapPolicy is not implemented in 1.5.0, so the builder places them itself.)
 * When the stack would leave the safe area, the item goes back to the anchor edge instead.
 */
export function stackOffsets(items: readonly StackItem[], spacing: number): StackResult {
  const offsets = new Array<number>(items.length).fill(0);
  let crowded = 0;
  const order = items
    .map((_, index) => index)
    .sort((a, b) => items[a]!.start - items[b]!.start || a - b);
  const active = new Map<string, { end: number; offset: number; height: number }[]>();
  for (const index of order) {
    const item = items[index]!;
    const list = (active.get(item.key) ?? []).filter((other) => other.end > item.start + 1e-9);
    const candidates = [0, ...list.map((other) => other.offset + other.height + spacing)].sort(
      (a, b) => a - b,
    );
    let offset = candidates.find((candidate) =>
      list.every(
        (other) =>
          candidate + item.height + spacing <= other.offset + 1e-9 ||
          candidate >= other.offset + other.height + spacing - 1e-9,
      ),
    );
    if (offset === undefined || (offset > 0 && offset + item.height > item.room + 1e-9)) {
      offset = 0;
      crowded++;
    }
    offsets[index] = offset;
    list.push({ end: item.end, offset, height: item.height });
    active.set(item.key, list);
  }
  return { offsets, crowded };
}
