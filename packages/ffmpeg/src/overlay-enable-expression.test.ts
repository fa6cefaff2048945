import { describe, expect, it } from 'vitest';
import { overlayEnableExpression } from './overlay-enable-expression.js';

describe('overlayEnableExpression', () => {
  it('covers each range with half-frame margins on frame times', () => {
    expect(
      overlayEnableExpression(
        [
          [10, 19],
          [30, 30],
        ],
        { num: 10, den: 1 },
      ),
    ).toBe('between(t,0.95,1.95)+between(t,2.95,3.05)');
    expect(overlayEnableExpression([[0, 299]], { num: 30000, den: 1001 })).toBe(
      'between(t,-0.016683,9.993316)',
    );
  });

  it('merges the closest ranges when there are too many, never dropping a visible frame', () => {
    const ranges: [number, number][] = Array.from({ length: 100 }, (_, i) => [
      i * 10,
      i * 10 + (i % 7 === 0 ? 1 : 4),
    ]);
    const expression = overlayEnableExpression(ranges, { num: 10, den: 1 });
    const terms = [...expression.matchAll(/between\(t,([-\d.]+),([-\d.]+)\)/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(terms.length).toBeLessThanOrEqual(40);
    for (const [a, b] of ranges) {
      for (let f = a; f <= b; f += 1)
        expect(
          terms.some(([s, e]) => f / 10 >= s! && f / 10 <= e!),
          `frame ${f}`,
        ).toBe(true);
    }
  });
});
