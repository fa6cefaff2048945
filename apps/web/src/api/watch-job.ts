import type { ApiClient } from './api-client.js';
import { apiErrorFromBody } from './api-error.js';
import { createEventStreamParser } from './create-event-stream-parser.js';
import { isFinalState, type JobView } from './types.js';

export interface WatchJobOptions {
  client: ApiClient;
  jobId: string;
  onStatus: (job: JobView) => void;
  signal: AbortSignal;
  /** Wait before reconnecting a dropped stream. Default 1000 ms. */
  retryMs?: number;
  fetch?: typeof fetch;
}

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Follows a job through the API's Server-Sent Events until it reaches a final state (or is
 * deleted, or `signal` aborts). A stream that drops mid-job (a proxy timeout, a server restart) is
 * reopened; the server sends the current state first on every connection, so nothing is missed.
 * Resolves with the last state seen (null when the job was deleted or nothing arrived).
 */
export async function watchJob(options: WatchJobOptions): Promise<JobView | null> {
  const { client, jobId, onStatus, signal } = options;
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let last: JobView | null = null;
  let failures = 0;
  while (!signal.aborted) {
    let deleted = false;
    try {
      const response = await doFetch(
        `${client.baseUrl}/api/render/${encodeURIComponent(jobId)}/events`,
        { headers: { accept: 'text/event-stream', ...client.authHeaders() }, signal },
      );
      if (!response.ok || !response.body) {
        const text = await response.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: the text is the message
        }
        // 4xx will not get better by retrying (unknown job, bad key).
        if (response.status >= 400 && response.status < 500)
          throw apiErrorFromBody(response.status, body);
        throw new Error(`HTTP ${response.status}`);
      }
      const parser = createEventStreamParser((event) => {
        if (event.event === 'deleted') {
          deleted = true;
          return;
        }
        if (event.event !== 'status') return;
        last = JSON.parse(event.data) as JobView;
        failures = 0;
        onStatus(last);
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch (error) {
      if (signal.aborted) break;
      if (error instanceof Error && error.name === 'ApiError') throw error;
      failures += 1;
    }
    const current = last as JobView | null;
    if (deleted) return null;
    if (current && isFinalState(current.status)) return current;
    if (signal.aborted) break;
    // Back off a little on repeated failures; the stream itself is the fast path.
    await sleep((options.retryMs ?? 1000) * Math.min(5, Math.max(1, failures)), signal);
  }
  return last;
}
