import { createHash } from 'node:crypto';

/**
 * sha256 (hex) of a request, independent of object key order, so a client that retries with the
 * same body serialised differently is still recognised as the same request.
 */
export function hashJobRequest(request: unknown): string {
  return createHash('sha256').update(stableJson(request)).digest('hex');
}

function stableJson(value: unknown): string {
  // Same rules as JSON.stringify: Dates and other objects with toJSON serialise as their JSON.
  if (value !== null && typeof value === 'object' && 'toJSON' in value) {
    const toJson: unknown = value.toJSON;
    if (typeof toJson === 'function') return stableJson((toJson as () => unknown).call(value));
  }
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
