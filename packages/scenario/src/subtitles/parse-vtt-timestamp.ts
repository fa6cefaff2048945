/** `[hh:]mm:ss.ttt` exactly as the WebVTT spec writes it: hours ≥ 2 digits when present. */
const STRICT = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
/** What broken writers produce: 1-digit fields, `,` decimals, 1–3 fraction digits, no fraction. */
const LENIENT = /^(?:(\d{1,}):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$/;

export interface VttTimestamp {
  seconds: number;
  /** True when only the lenient form matched: the caller warns, the time is still used. */
  lenient: boolean;
}

/** Reads a WebVTT timestamp; undefined when it is not one even leniently. */
export function parseVttTimestamp(token: string): VttTimestamp | undefined {
  const strict = STRICT.exec(token);
  const match = strict ?? LENIENT.exec(token);
  if (!match) return undefined;
  const [, hours, minutes, seconds, fraction] = match;
  if (Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  const millis =
    (Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000 +
    Number((fraction ?? '').padEnd(3, '0'));
  return { seconds: millis / 1000, lenient: strict === null };
}
