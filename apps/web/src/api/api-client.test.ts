import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import { ApiError, apiErrorFromBody } from './api-error.js';

function fakeFetch(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push({ url, init });
    return Promise.resolve(respond(url, init));
  };
  return { calls, fetch: fetch };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

describe('createApiClient', () => {
  it('sends the API key as a bearer token, read at each call', async () => {
    let key = '';
    const { calls, fetch } = fakeFetch(() => json(200, { jobs: [], nextCursor: null }));
    const client = createApiClient({ baseUrl: 'http://h:1/', apiKey: () => key, fetch });
    await client.listJobs();
    key = 'ecg_abc';
    await client.listJobs({ states: ['failed', 'cancelled'], limit: 20, cursor: 'c1' });
    expect(calls.map((c) => c.url)).toEqual([
      'http://h:1/api/render',
      'http://h:1/api/render?state=failed%2Ccancelled&limit=20&cursor=c1',
    ]);
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBeNull();
    expect(new Headers(calls[1]!.init.headers).get('authorization')).toBe('Bearer ecg_abc');
  });

  it('turns problem+json into an ApiError with its code and JSON path', async () => {
    const { fetch } = fakeFetch(() =>
      json(
        400,
        {
          type: 'urn:ecg-render:error:INVALID_SCENARIO',
          title: 'Invalid scenario',
          status: 400,
          detail: '$.cues[0].track: unknown track "x"',
          code: 'INVALID_SCENARIO',
          details: { path: '$.cues[0].track' },
        },
        'application/problem+json',
      ),
    );
    const client = createApiClient({ baseUrl: '', apiKey: () => '', fetch });
    const error = await client.getJob('j1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'INVALID_SCENARIO',
      path: '$.cues[0].track',
      message: '$.cues[0].track: unknown track "x"',
    });
  });

  it('codes answers that are not problems, and unreachable servers', async () => {
    expect(apiErrorFromBody(502, '<html>Bad gateway</html>')).toMatchObject({
      code: 'HTTP_502',
      status: 502,
    });
    expect(
      apiErrorFromBody(400, {
        code: 'INVALID_OPTIONS',
        detail: 'x',
        details: { field: 'options.fps' },
      }).path,
    ).toBe('options.fps');
    const client = createApiClient({
      baseUrl: '',
      apiKey: () => '',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(client.workers()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('cancels, deletes (204) and unwraps lists', async () => {
    const { calls, fetch } = fakeFetch((url, init) => {
      if (init.method === 'DELETE') return new Response(null, { status: 204 });
      if (url.endsWith('/cancel')) return json(200, { jobId: 'a b', status: 'cancelled' });
      if (url.endsWith('/api/workers')) return json(200, { workers: [{ id: 'w1' }] });
      return new Response('# HELP x\nx 1\n', { headers: { 'content-type': 'text/plain' } });
    });
    const client = createApiClient({ baseUrl: '', apiKey: () => '', fetch });
    expect((await client.cancelJob('a b')).status).toBe('cancelled');
    await expect(client.deleteJob('a b')).resolves.toBeUndefined();
    expect(await client.workers()).toEqual([{ id: 'w1' }]);
    expect(await client.metrics()).toContain('x 1');
    expect(calls[0]!.url).toBe('/api/render/a%20b/cancel');
    expect(calls[1]!.init.method).toBe('DELETE');
    expect(client.downloadUrl('j/1')).toBe('/api/render/j%2F1/download');
    expect(client.captionsUrl('j/1', 'srt')).toBe('/api/render/j%2F1/captions?format=srt');
  });
});
