import { EcgError } from '@ecg-render/errors';

/** Seconds from `12.5`, `1:02.5` or `01:02:03.250`. */
export function parseTime(text: string, name: string): number {
  const parts = text.trim().split(':');
  if (parts.length > 3 || parts.some((p) => !/^\d+(\.\d+)?$/.test(p))) {
    throw new EcgError(
      'INVALID_OPTIONS',
      `${name}: "${text}" is not a time (use seconds like 12.5 or [hh:]mm:ss.sss)`,
    );
  }
  return parts.reduce((total, part) => total * 60 + Number(part), 0);
}

/** A frame rate from `30`, `29.97` or `30000/1001`. */
export function parseFps(text: string): { num: number; den: number } {
  const fraction = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (fraction) return { num: Number(fraction[1]), den: Number(fraction[2]) };
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new EcgError(
      'INVALID_OPTIONS',
      `--fps: "${text}" is not a frame rate (use 30, 29.97 or 30000/1001)`,
    );
  }
  if (Number.isInteger(value)) return { num: value, den: 1 };
  // The NTSC rates people type as decimals.
  for (const base of [24, 30, 60, 120]) {
    if (Math.abs(value - (base * 1000) / 1001) < 0.01) return { num: base * 1000, den: 1001 };
  }
  return { num: Math.round(value * 1000), den: 1000 };
}

/** `1280x720` → {width, height}. */
export function parseSize(text: string): { width: number; height: number } {
  const match = /^(\d+)[x:](\d+)$/i.exec(text.trim());
  if (!match) throw new EcgError('INVALID_OPTIONS', `--size: "${text}" is not WIDTHxHEIGHT`);
  return { width: Number(match[1]), height: Number(match[2]) };
}
