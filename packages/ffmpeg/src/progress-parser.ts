/** One `-progress` report. */
export interface FfmpegProgress {
  /** Frames written so far (`frame=`). */
  frame: number;
  /** Output time reached, in seconds (`out_time_us=`); 0 until FFmpeg knows it. */
  outTimeSec: number;
  /** Encoding speed relative to real time (`speed=1.5x`), when FFmpeg reports one. */
  speed?: number;
}

/**
 * Parses FFmpeg's `-progress` output: blocks of `key=value` lines, each block ending with
 * `progress=continue` or `progress=end`. Chunks from the pipe may split lines anywhere.
 * (`out_time_ms` is in microseconds too — a historical FFmpeg bug — so `out_time_us` is used.)
 */
export class ProgressParser {
  private partial = '';
  private block = new Map<string, string>();

  /** Feeds a chunk; returns the reports completed by it. */
  push(chunk: string): FfmpegProgress[] {
    const reports: FfmpegProgress[] = [];
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const raw of lines) {
      const line = raw.trim();
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq);
      const value = line.slice(eq + 1);
      if (key === 'progress') {
        reports.push(this.report());
        this.block = new Map();
      } else {
        this.block.set(key, value);
      }
    }
    return reports;
  }

  private report(): FfmpegProgress {
    const frame = Number(this.block.get('frame'));
    const outTimeUs = Number(this.block.get('out_time_us'));
    const speed = Number.parseFloat(this.block.get('speed') ?? '');
    const report: FfmpegProgress = {
      frame: Number.isFinite(frame) ? frame : 0,
      outTimeSec: Number.isFinite(outTimeUs) && outTimeUs > 0 ? outTimeUs / 1e6 : 0,
    };
    if (Number.isFinite(speed)) report.speed = speed;
    return report;
  }
}
