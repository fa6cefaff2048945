import { ApiError, apiErrorFromBody } from './api-error.js';
import type { JobPage, JobState, JobView, RegistryPlugin, WorkerView } from './types.js';

export interface ApiClientOptions {
  /** Origin (and optional prefix) of the API, no trailing slash; '' for the studio's own origin. */
  baseUrl: string;
  /** Read on every request, so a key typed into the studio applies at once. Empty: no header. */
  apiKey: () => string;
  fetch?: typeof fetch;
}

export interface ApiClient {
  readonly baseUrl: string;
  /** Headers every API call carries (the API key, when one is set). */
  authHeaders(): Record<string, string>;
  /** Any API path, with auth and problem+json errors; `null` body for 204. */
  request<T>(path: string, init?: RequestInit): Promise<T>;
  getJob(id: string, signal?: AbortSignal): Promise<JobView>;
  listJobs(query?: {
    states?: JobState[];
    limit?: number;
    cursor?: string | null;
  }): Promise<JobPage>;
  cancelJob(id: string): Promise<JobView>;
  deleteJob(id: string): Promise<void>;
  workers(): Promise<WorkerView[]>;
  plugins(): Promise<RegistryPlugin[]>;
  /** Prometheus text from /metrics (public, or with the key where METRICS_TOKEN is set). */
  metrics(): Promise<string>;
  downloadUrl(id: string): string;
  /** The job's captions as an SRT or WebVTT sidecar (GET /api/render/{id}/captions). */
  captionsUrl(id: string, format: 'srt' | 'vtt'): string;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/** A small typed client for the render API (see apps/api: routes and their schemas). */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const authHeaders = (): Record<string, string> => {
    const key = options.apiKey().trim();
    return key === '' ? {} : { authorization: `Bearer ${key}` };
  };

  async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(authHeaders())) headers.set(name, value);
    if (!headers.has('accept')) headers.set('accept', 'application/json, application/problem+json');
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, { ...init, headers });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError({
        status: 0,
        code: 'NETWORK_ERROR',
        message: `The API could not be reached (${error instanceof Error ? error.message : String(error)})`,
      });
    }
    const body = await readBody(response);
    if (!response.ok) throw apiErrorFromBody(response.status, body);
    return body as T;
  }

  const id = (value: string): string => encodeURIComponent(value);

  return {
    baseUrl,
    authHeaders,
    request,
    getJob: (jobId, signal) =>
      request<JobView>(`/api/render/${id(jobId)}`, signal ? { signal } : {}),
    listJobs(query = {}) {
      const params = new URLSearchParams();
      if (query.states && query.states.length > 0) params.set('state', query.states.join(','));
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.cursor) params.set('cursor', query.cursor);
      const search = params.toString();
      return request<JobPage>(`/api/render${search ? `?${search}` : ''}`);
    },
    cancelJob: (jobId) => request<JobView>(`/api/render/${id(jobId)}/cancel`, { method: 'POST' }),
    async deleteJob(jobId) {
      await request<null>(`/api/render/${id(jobId)}`, { method: 'DELETE' });
    },
    workers: async () => (await request<{ workers: WorkerView[] }>('/api/workers')).workers,
    plugins: async () => (await request<{ plugins: RegistryPlugin[] }>('/api/plugins')).plugins,
    metrics: () => request<string>('/metrics', { headers: { accept: 'text/plain' } }),
    downloadUrl: (jobId) => `${baseUrl}/api/render/${id(jobId)}/download`,
    captionsUrl: (jobId, format) => `${baseUrl}/api/render/${id(jobId)}/captions?format=${format}`,
  };
}
