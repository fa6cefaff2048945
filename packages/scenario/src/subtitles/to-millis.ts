/**
 * Whole milliseconds of a scenario time. An end written as `end − HALF_OPEN_EPSILON` (half a
 * millisecond early, to make the engine's inclusive end half-open) lands exactly on a half
 * millisecond and is rounded up, which restores the subtitle's own end time.
 */
export function toMillis(seconds: number): number {
  const millis = seconds * 1000;
  const fraction = millis - Math.floor(millis);
  return Math.abs(fraction - 0.5) < 1e-6 ? Math.ceil(millis) : Math.round(millis);
}
