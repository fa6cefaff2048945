import { EcgError } from '@ecg-render/errors';
import { locateJsonSyntaxError } from '@ecg-render/scenario';
import { jsonDepth } from './json-depth.js';

export interface JsonLimits {
  maxBytes: number;
  maxDepth: number;
}

/**
 * Parses JSON from a client within the size and depth limits: PAYLOAD_TOO_LARGE, JSON_TOO_DEEP, or
 * INVALID_REQUEST for text that is not JSON; `field` names where it came from. Keys that would
 * reach Object.prototype (`__proto__`, `constructor.prototype`) are refused: the scenario is
 * structured-cloned and merged downstream, where such keys could poison objects.
 */
export function parseJsonText(text: string, options: JsonLimits & { field: string }): unknown {
  const bytes = Buffer.byteLength(text);
  if (bytes > options.maxBytes) {
    throw new EcgError(
      'PAYLOAD_TOO_LARGE',
      `${options.field}: ${bytes} bytes is more than the limit of ${options.maxBytes}`,
      { details: { field: options.field, limit: 'maxScenarioBytes', max: options.maxBytes } },
    );
  }
  const depth = jsonDepth(text, options.maxDepth);
  if (depth > options.maxDepth) {
    throw new EcgError(
      'JSON_TOO_DEEP',
      `${options.field}: JSON nested more than ${options.maxDepth} levels deep`,
      { details: { field: options.field, limit: 'maxJsonDepth', max: options.maxDepth } },
    );
  }
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') throw new SyntaxError('"__proto__" keys are not allowed');
      return value;
    });
  } catch (error) {
    const at = locateJsonSyntaxError(text);
    throw new EcgError(
      'INVALID_REQUEST',
      at
        ? `${options.field}: not valid JSON at line ${at.line}, column ${at.column}: ${at.message}`
        : `${options.field}: not valid JSON (${(error as Error).message})`,
      { details: { field: options.field, ...(at && { line: at.line, column: at.column }) } },
    );
  }
}
