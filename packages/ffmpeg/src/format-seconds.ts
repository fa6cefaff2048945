/**
 * Seconds as FFmpeg's duration parser accepts them, in plain decimal (never exponent notation,
 * which FFmpeg rejects) to the microsecond, FFmpeg's own time resolution (`AV_TIME_BASE`).
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) throw new RangeError(`Not a finite number of seconds: ${seconds}`);
  const fixed = seconds.toFixed(6);
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
