/** Keeps the last `limit` bytes written to it: FFmpeg's stderr can run to megabytes on long jobs. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()?.length ?? 0;
    }
  }

  /** The tail as text, cut at a line start when it had to be cut. */
  text(): string {
    let buffer = Buffer.concat(this.chunks);
    if (buffer.length <= this.limit) return buffer.toString('utf8');
    buffer = buffer.subarray(buffer.length - this.limit);
    const text = buffer.toString('utf8');
    const newline = text.indexOf('\n');
    return newline >= 0 && newline < text.length - 1 ? text.slice(newline + 1) : text;
  }
}
