/**
 * Replaces the page's clocks and timers with a virtual clock that only moves when the frame driver
 * says so. Plugins that read Date.now()/performance.now(), set timeouts, or loop on
 * requestAnimationFrame then see frame time, not wall-clock time, so the same frame always renders
 * the same pixels however fast the machine is and in whatever order frames are rendered.
 *
 * Must be installed before any other script runs (GSAP captures Date.now at load).
 */
type Callback = (...args: unknown[]) => void;

interface Timer {
  id: number;
  due: number;
  seq: number;
  fn: Callback;
  args: unknown[];
  interval: number | null;
}

export interface VirtualClock {
  /** Virtual milliseconds (the value performance.now() returns). */
  now(): number;
  /** Moves time to `ms`, running every timer due on the way in due order. */
  advanceTo(ms: number): void;
  /** Runs the requestAnimationFrame callbacks queued so far, with the current time. */
  runAnimationFrames(): void;
  /** Runs every pending timer now, whatever its due time (start-up housekeeping only). */
  flushTimers(): void;
  /** Drops every pending timer and frame callback (used when the page resets its state). */
  clear(): void;
  /** Pending timers + frame callbacks: something will change the page on its own. */
  pendingCount(): number;
  /** Real (wall-clock) timers, for the page's own waiting. */
  real: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; now: () => number };
}

export function installVirtualClock(epochMs: number): VirtualClock {
  const realSetTimeout = window.setTimeout.bind(window);
  const realClearTimeout = window.clearTimeout.bind(window);
  const realPerfNow = performance.now.bind(performance);
  const RealDate = Date;
  let current = 0;
  let nextId = 1;
  let seq = 0;
  const timers = new Map<number, Timer>();
  let frameCallbacks = new Map<number, FrameRequestCallback>();

  const schedule = (fn: unknown, delay: unknown, args: unknown[], repeat: boolean): number => {
    // String callbacks would be eval; the page's CSP forbids eval, so they are refused outright.
    if (typeof fn !== 'function') throw new TypeError('Only function callbacks are supported');
    const ms = Math.max(0, Number(delay) || 0);
    const id = nextId++;
    timers.set(id, {
      id,
      due: current + ms,
      seq: seq++,
      fn: fn as Callback,
      args,
      interval: repeat ? Math.max(1, ms) : null,
    });
    return id;
  };

  const nextDue = (limit: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.due > limit) continue;
      if (!best || timer.due < best.due || (timer.due === best.due && timer.seq < best.seq)) {
        best = timer;
      }
    }
    return best;
  };

  const fire = (timer: Timer): void => {
    if (timer.interval === null) timers.delete(timer.id);
    else {
      timer.due += timer.interval;
      timer.seq = seq++;
    }
    timer.fn(...timer.args);
  };

  const w = window as unknown as Record<string, unknown>;
  w['setTimeout'] = (fn: unknown, delay?: unknown, ...args: unknown[]) =>
    schedule(fn, delay, args, false);
  w['setInterval'] = (fn: unknown, delay?: unknown, ...args: unknown[]) =>
    schedule(fn, delay, args, true);
  w['clearTimeout'] = (id: number) => timers.delete(id);
  w['clearInterval'] = (id: number) => timers.delete(id);
  w['requestAnimationFrame'] = (cb: FrameRequestCallback) => {
    const id = nextId++;
    frameCallbacks.set(id, cb);
    return id;
  };
  w['cancelAnimationFrame'] = (id: number) => frameCallbacks.delete(id);
  w['requestIdleCallback'] = (fn: unknown) => schedule(fn, 0, [], false);
  w['cancelIdleCallback'] = (id: number) => timers.delete(id);
  Object.defineProperty(performance, 'now', { value: () => current, configurable: true });

  function VirtualDate(this: unknown, ...args: unknown[]): Date | string {
    if (!new.target) return new RealDate(epochMs + current).toString();
    return args.length === 0
      ? new RealDate(epochMs + current)
      : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = () => epochMs + current;
  VirtualDate.parse = RealDate.parse;
  VirtualDate.UTC = RealDate.UTC;
  w['Date'] = VirtualDate;

  return {
    now: () => current,
    advanceTo(ms) {
      for (let timer = nextDue(ms); timer; timer = nextDue(ms)) {
        current = Math.max(current, timer.due);
        fire(timer);
      }
      current = ms;
    },
    runAnimationFrames() {
      const callbacks = frameCallbacks;
      frameCallbacks = new Map();
      for (const cb of callbacks.values()) cb(current);
    },
    flushTimers() {
      // Bounded: an interval would otherwise run forever.
      for (let i = 0; i < 1000 && timers.size > 0; i += 1) {
        const timer = [...timers.values()].sort((a, b) => a.due - b.due || a.seq - b.seq)[0]!;
        timers.delete(timer.id);
        timer.fn(...timer.args);
      }
    },
    clear() {
      timers.clear();
      frameCallbacks.clear();
    },
    pendingCount: () => timers.size + frameCallbacks.size,
    real: { setTimeout: realSetTimeout, clearTimeout: realClearTimeout, now: realPerfNow },
  };
}
