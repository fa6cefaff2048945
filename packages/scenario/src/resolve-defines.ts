import { EcgError } from '@ecg-render/errors';
import { jsonPath } from './json-path.js';

/**
 * Resolves `"define.a.b"` references the way motiontext-renderer's DefineResolver does (every
 * string in the document, nested paths, cycles rejected), but reports failures with the JSON path
 * of the reference. Used to validate what the engine will see; the scenario sent to the engine
 * keeps its references.
 */
export function resolveDefines(scenario: Record<string, unknown>): Record<string, unknown> {
  const defines = (scenario['define'] ?? {}) as Record<string, unknown>;
  const resolving: string[] = [];

  const resolveRef = (ref: string, path: (string | number)[]): unknown => {
    const parts = ref.slice('define.'.length).split('.');
    const root = parts[0];
    if (!root || !Object.hasOwn(defines, root)) {
      throw new EcgError(
        'INVALID_SCENARIO',
        `${jsonPath(path)}: "${ref}" refers to an undefined define key "${root ?? ''}"`,
        {
          details: { path: jsonPath(path), reference: ref },
        },
      );
    }
    if (resolving.includes(ref)) {
      throw new EcgError(
        'INVALID_SCENARIO',
        `${jsonPath(path)}: circular define reference ${[...resolving, ref].join(' -> ')}`,
        {
          details: { path: jsonPath(path), reference: ref },
        },
      );
    }
    resolving.push(ref);
    try {
      let value = walk(defines[root], ['define', root]);
      for (const part of parts.slice(1)) {
        if (!value || typeof value !== 'object' || !Object.hasOwn(value, part)) {
          throw new EcgError(
            'INVALID_SCENARIO',
            `${jsonPath(path)}: "${ref}" — "${part}" not found in the define section`,
            {
              details: { path: jsonPath(path), reference: ref },
            },
          );
        }
        value = (value as Record<string, unknown>)[part];
      }
      return value;
    } finally {
      resolving.pop();
    }
  };

  const walk = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === 'string')
      return value.startsWith('define.') ? resolveRef(value, path) : value;
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) out[key] = walk(child, [...path, key]);
      return out;
    }
    return value;
  };

  return walk(scenario, []) as Record<string, unknown>;
}
