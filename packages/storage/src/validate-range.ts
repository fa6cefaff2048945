import { EcgError } from '@ecg-render/errors';
import type { ByteRange } from './storage.js';

/**
 * Checks the shape of a requested byte range (both ends are inclusive, as in HTTP). Whether it
 * fits the object is decided by the adapter, which knows the size.
 */
export function validateRange(range: ByteRange): ByteRange {
  const { start, end } = range;
  const isOffset = (value: number): boolean => Number.isSafeInteger(value) && value >= 0;
  if (!isOffset(start) || (end !== undefined && (!isOffset(end) || end < start))) {
    throw new EcgError('RANGE_NOT_SATISFIABLE', `Invalid byte range ${JSON.stringify(range)}`, {
      details: { range },
    });
  }
  return range;
}
