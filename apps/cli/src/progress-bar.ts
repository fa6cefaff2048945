/** A one-line progress bar for a terminal: frames, percent, speed and time left. */
export interface ProgressBar {
  update(state: {
    label: string;
    done: number;
    total: number;
    fps: number;
    etaSec: number | null;
  }): void;
  clear(): void;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}`
    : `${m}:${String(r).padStart(2, '0')}`;
}

export function createProgressBar(stream: NodeJS.WriteStream): ProgressBar {
  let lastDraw = 0;
  let drawn = false;
  return {
    update({ label, done, total, fps, etaSec }) {
      const now = Date.now();
      if (now - lastDraw < 100 && done < total) return;
      lastDraw = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - 60));
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const eta = etaSec === null ? '--:--' : clock(etaSec);
      const line = `${label.padEnd(8)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} frames ${fps.toFixed(1)} fps ETA ${eta}`;
      stream.write(`\r${line}\x1b[K`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}

export { clock as formatClock };
