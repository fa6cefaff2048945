import { describe, expect, it } from 'vitest';
import { anchorNumpad, numpadAnchor } from './numpad-anchor.js';

describe('numpad alignment', () => {
  it('maps \\an 1-9 to anchors and back', () => {
    const anchors = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => numpadAnchor(n)!);
    expect(anchors).toEqual(['bl', 'bc', 'br', 'cl', 'cc', 'cr', 'tl', 'tc', 'tr']);
    expect(anchors.map(anchorNumpad)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('reads legacy SSA \\a numbering (5-7 top, 9-11 middle)', () => {
    expect([1, 2, 3, 5, 6, 7, 9, 10, 11].map((n) => numpadAnchor(n, true))).toEqual([
      'bl',
      'bc',
      'br',
      'tl',
      'tc',
      'tr',
      'cl',
      'cc',
      'cr',
    ]);
    expect(numpadAnchor(4, true)).toBeUndefined();
  });
});
