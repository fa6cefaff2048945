import { ApiError, apiErrorFromBody } from './api-error.js';
import type { CreatedJob } from './types.js';

/** The parts of XMLHttpRequest this uses, so tests can hand in a double. */
export interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: FormData): void;
  abort(): void;
  readonly status: number;
  readonly responseText: string;
  readonly upload: {
    onprogress:
      ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null;
  };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

export interface SubmitRenderInput {
  baseUrl: string;
  headers: Record<string, string>;
  video: Blob & { name?: string };
  /** Scenario JSON text, sent as the multipart `scenario` field. */
  scenario: string;
  options: Record<string, unknown>;
  /** 0..1 of the request body sent. */
  onUploadProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  createXhr?: () => XhrLike;
}

/**
 * POST /api/render as multipart (video file + scenario + options). Uses XMLHttpRequest because
 * fetch still cannot report upload progress, and a large video can take minutes to send.
 */
export function submitRender(input: SubmitRenderInput): Promise<CreatedJob> {
  const form = new FormData();
  // Text fields first: the API validates the scenario and options before storing the video.
  form.append('scenario', input.scenario);
  form.append('options', JSON.stringify(input.options));
  form.append('video', input.video, input.video.name ?? 'video.mp4');
  const xhr = (input.createXhr ?? (() => new XMLHttpRequest() as unknown as XhrLike))();
  return new Promise<CreatedJob>((resolve, reject) => {
    if (input.signal?.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    input.signal?.addEventListener('abort', () => xhr.abort());
    xhr.open('POST', `${input.baseUrl}/api/render`);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    for (const [name, value] of Object.entries(input.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0)
        input.onUploadProgress?.(Math.min(1, event.loaded / event.total));
    };
    xhr.onload = () => {
      let body: unknown = xhr.responseText;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: an error page from a proxy
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        input.onUploadProgress?.(1);
        resolve(body as CreatedJob);
      } else {
        reject(apiErrorFromBody(xhr.status, body));
      }
    };
    xhr.onerror = () =>
      reject(
        new ApiError({
          status: 0,
          code: 'NETWORK_ERROR',
          message: 'The upload failed (network error)',
        }),
      );
    xhr.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    xhr.send(form);
  });
}
