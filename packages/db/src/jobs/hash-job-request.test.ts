import { describe, expect, it } from 'vitest';
import { hashJobRequest } from './hash-job-request.js';

describe('hashJobRequest', () => {
  it('ignores key order and undefined members, like the JSON a client would resend', () => {
    expect(hashJobRequest({ a: 1, b: { c: [1, { d: 2, e: 3 }] }, u: undefined })).toBe(
      hashJobRequest({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });

  it.each([
    [{ a: 1 }, { a: 2 }],
    [{ a: [1, 2] }, { a: [2, 1] }],
    [{ a: null }, { a: 'null' }],
    [{ a: '1' }, { a: 1 }],
    [{}, []],
  ])('tells %j from %j', (left, right) => {
    expect(hashJobRequest(left)).not.toBe(hashJobRequest(right));
  });

  it('hashes Dates as their JSON', () => {
    expect(hashJobRequest({ at: new Date(0) })).toBe(
      hashJobRequest({ at: '1970-01-01T00:00:00.000Z' }),
    );
  });
});
