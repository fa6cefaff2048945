import { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { EcgError } from '@ecg-render/errors';

export interface CdpEvent {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
  method: string;
}

/**
 * A Chrome DevTools Protocol client over --remote-debugging-pipe (fd 3 in, fd 4 out; messages are
 * NUL-terminated JSON). Pipes instead of a WebSocket: no port to allocate or guard, and when this
 * process dies Chromium sees the pipe close and exits instead of lingering.
 */
export class CdpConnection extends EventEmitter {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffered: Buffer[] = [];
  private closedError: Error | null = null;

  constructor(
    private readonly output: Writable,
    input: Readable,
  ) {
    super();
    input.on('data', (chunk: Buffer) => this.onData(chunk));
    input.on('close', () =>
      this.markClosed(new EcgError('BROWSER_CRASHED', 'Chromium closed the DevTools pipe')),
    );
    input.on('error', (error) =>
      this.markClosed(new EcgError('BROWSER_CRASHED', `DevTools pipe failed: ${error.message}`)),
    );
    output.on('error', (error) =>
      this.markClosed(new EcgError('BROWSER_CRASHED', `DevTools pipe failed: ${error.message}`)),
    );
  }

  send<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    const message = JSON.stringify(
      sessionId ? { id, method, params, sessionId } : { id, method, params },
    );
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject, method });
      this.output.write(`${message}\0`);
    });
  }

  /** Rejects everything in flight; later sends fail at once. */
  markClosed(error: Error): void {
    if (this.closedError) return;
    this.closedError = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
    this.emit('closed', error);
  }

  private onData(chunk: Buffer): void {
    let start = 0;
    for (let i = chunk.indexOf(0); i !== -1; i = chunk.indexOf(0, start)) {
      this.buffered.push(chunk.subarray(start, i));
      const text = Buffer.concat(this.buffered).toString('utf8');
      this.buffered = [];
      start = i + 1;
      this.dispatch(text);
    }
    if (start < chunk.length) this.buffered.push(chunk.subarray(start));
  }

  private dispatch(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      result?: Record<string, unknown>;
      error?: { message: string; code?: number };
      method?: string;
      params?: Record<string, unknown>;
      sessionId?: string;
    };
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) {
        pending.reject(new Error(`${pending.method}: ${message.error.message}`));
      } else {
        pending.resolve(message.result ?? {});
      }
      return;
    }
    if (message.method) {
      const event: CdpEvent = { method: message.method, params: message.params ?? {} };
      if (message.sessionId) event.sessionId = message.sessionId;
      this.emit('event', event);
    }
  }
}
