import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import type { JobView } from './types.js';
import { watchJob } from './watch-job.js';

const job = (status: JobView['status'], progress: number) =>
  ({ jobId: 'j1', status, progress }) as unknown as JobView;

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

const event = (view: JobView, id: number) =>
  `id: ${id}\nevent: status\ndata: ${JSON.stringify(view)}\n\n`;

describe('watchJob', () => {
  it('follows status events to a final state, reconnecting a dropped stream', async () => {
    const responses = [
      // The first connection drops mid-job (a proxy timeout).
      () => new Response(streamOf([event(job('queued', 0), 1), event(job('processing', 40), 2)])),
      () =>
        new Response(streamOf([event(job('processing', 80), 1), event(job('completed', 100), 2)])),
    ];
    const urls: string[] = [];
    const headers: Headers[] = [];
    const fetch = ((input: RequestInfo | URL, init: RequestInit = {}) => {
      urls.push(input instanceof Request ? input.url : String(input));
      headers.push(new Headers(init.headers));
      return Promise.resolve(responses.shift()!());
    }) as typeof globalThis.fetch;
    const client = createApiClient({ baseUrl: 'http://api', apiKey: () => 'k', fetch });
    const seen: string[] = [];
    const final = await watchJob({
      client,
      jobId: 'j1',
      signal: new AbortController().signal,
      retryMs: 1,
      fetch,
      onStatus: (view) => seen.push(`${view.status} ${view.progress}`),
    });
    expect(seen).toEqual(['queued 0', 'processing 40', 'processing 80', 'completed 100']);
    expect(final?.status).toBe('completed');
    expect(urls).toEqual(['http://api/api/render/j1/events', 'http://api/api/render/j1/events']);
    expect(headers[0]!.get('authorization')).toBe('Bearer k');
  });

  it('stops on a deleted event, and fails at once on a 404', async () => {
    const client = createApiClient({ baseUrl: '', apiKey: () => '', fetch: globalThis.fetch });
    const deleted = ((): Promise<Response> =>
      Promise.resolve(
        new Response(streamOf(['event: deleted\ndata: {"jobId":"j1"}\n\n'])),
      )) as typeof globalThis.fetch;
    await expect(
      watchJob({
        client,
        jobId: 'j1',
        signal: new AbortController().signal,
        fetch: deleted,
        onStatus: () => {},
      }),
    ).resolves.toBeNull();
    const missing = ((): Promise<Response> =>
      Promise.resolve(
        new Response(JSON.stringify({ code: 'NOT_FOUND', detail: 'Job j1 not found' }), {
          status: 404,
          headers: { 'content-type': 'application/problem+json' },
        }),
      )) as typeof globalThis.fetch;
    await expect(
      watchJob({
        client,
        jobId: 'j1',
        signal: new AbortController().signal,
        fetch: missing,
        onStatus: () => {},
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });
});
