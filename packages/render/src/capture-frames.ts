import { EcgError, toEcgError } from '@ecg-render/errors';
import type { FrameTable } from '@ecg-render/page';
import type { CaptureSession } from './capture-session.js';
import type { FramePlan, FrameUnit } from './plan-frames.js';

/** The overlay from `frame` on: a PNG of the crop region, or null for "nothing visible". */
export interface OverlayChange {
  frame: number;
  png: Buffer | null;
}

export interface CaptureStats {
  /** Screenshots taken (planned captures plus frames that turned out to move on their own). */
  captured: number;
  /** Captures beyond the plan, because something in the page animated by itself. */
  unplanned: number;
  /** Captures identical to the previous one, not sent on. */
  duplicates: number;
}

interface UnitResult {
  changes: OverlayChange[];
  bytes: number;
}

/**
 * Captures the planned frames with a pool of pages, in parallel by unit, and hands overlay changes
 * to `emit` strictly in frame order. Memory stays bounded: a page does not start a unit more than
 * `maxUnitsAhead` past the one being emitted, nor while finished-but-unemitted results exceed
 * `maxBufferedBytes` (the unit the writer waits for is always allowed, so this cannot deadlock).
 * `emit` applies the encoder's backpressure by resolving only when the frame is taken.
 */
export async function captureFrames(options: {
  sessions: CaptureSession[];
  plan: FramePlan;
  table: FrameTable;
  emit: (change: OverlayChange) => Promise<void>;
  signal?: AbortSignal;
  maxUnitsAhead?: number;
  maxBufferedBytes?: number;
}): Promise<CaptureStats> {
  const { sessions, plan, table, emit, signal } = options;
  const maxUnitsAhead = options.maxUnitsAhead ?? sessions.length * 2;
  const maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024 * 1024;
  const planned = new Uint8Array(plan.frameCount);
  for (const f of plan.captures) planned[f] = 1;
  const stats: CaptureStats = { captured: 0, unplanned: 0, duplicates: 0 };

  const results = new Map<number, UnitResult>();
  let nextUnit = 0;
  let nextToEmit = 0;
  let buffered = 0;
  let failure: unknown = null;
  // Pages and the emitter wait for "something changed" and then re-check their own condition.
  const waiters = new Set<() => void>();
  const broadcast = () => {
    for (const w of [...waiters]) w();
  };
  const wait = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        waiters.delete(done);
        resolve();
      };
      waiters.add(done);
    });

  const captureUnit = async (session: CaptureSession, unit: FrameUnit): Promise<UnitResult> => {
    const changes: OverlayChange[] = [];
    let bytes = 0;
    let dynamic = false;
    let previousVisible = false;
    for (let f = unit.first; f <= unit.last; f += 1) {
      if (signal?.aborted) throw new EcgError('CANCELLED', 'The render was cancelled');
      const visible = table.visible[f] === 1;
      if (!visible) {
        if (previousVisible || f === unit.first) changes.push({ frame: f, png: null });
        previousVisible = false;
        dynamic = false;
        continue;
      }
      previousVisible = true;
      if (planned[f] !== 1 && !dynamic) continue;
      const state = await session.goto(table.firstFrame + f);
      dynamic = state.dynamic;
      const png = await session.capture();
      stats.captured += 1;
      if (planned[f] !== 1) stats.unplanned += 1;
      const last = changes.at(-1);
      if (last?.png && last.png.equals(png)) {
        stats.duplicates += 1;
        continue;
      }
      changes.push({ frame: f, png });
      bytes += png.length;
    }
    return { changes, bytes };
  };

  const worker = async (session: CaptureSession): Promise<void> => {
    while (!failure) {
      const index = nextUnit;
      if (index >= plan.units.length) return;
      if (
        index !== nextToEmit &&
        (index - nextToEmit >= maxUnitsAhead || buffered > maxBufferedBytes)
      ) {
        await wait();
        continue;
      }
      nextUnit += 1;
      const result = await captureUnit(session, plan.units[index]!);
      buffered += result.bytes;
      results.set(index, result);
      broadcast();
    }
  };

  const emitter = async (): Promise<void> => {
    let previous: Buffer | null | undefined;
    while (nextToEmit < plan.units.length) {
      if (failure) return;
      const result = results.get(nextToEmit);
      if (!result) {
        await wait();
        continue;
      }
      for (const change of result.changes) {
        // A unit may begin with the same overlay the previous one ended on.
        if (change.png === null && previous === null) continue;
        if (change.png && previous && change.png.equals(previous)) {
          stats.duplicates += 1;
          continue;
        }
        await emit(change);
        previous = change.png;
      }
      results.delete(nextToEmit);
      buffered -= result.bytes;
      nextToEmit += 1;
      broadcast();
    }
  };

  const guard = async (task: Promise<void>) => {
    try {
      await task;
    } catch (error) {
      failure ??= error;
      broadcast();
    }
  };
  await Promise.all([...sessions.map((s) => guard(worker(s))), guard(emitter())]);
  if (failure) throw toEcgError(failure);
  return stats;
}
