import type { ApiClient } from './api-client.js';
import { apiErrorFromBody } from './api-error.js';

/**
 * Fetches a file the API serves as an attachment, with the API key, and hands it to the browser
 * as a blob under the name the API gave (else `fallbackName`). A plain link cannot carry the
 * Authorization header; without a key the studio uses plain links for videos instead (see App),
 * which stream straight to disk.
 */
async function downloadFile(client: ApiClient, url: string, fallbackName: string): Promise<void> {
  const response = await fetch(url, { headers: client.authHeaders() });
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    throw apiErrorFromBody(response.status, body);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const objectUrl = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = objectUrl;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}

/** Downloads a job's video (see downloadFile). */
export function downloadJob(client: ApiClient, jobId: string): Promise<void> {
  return downloadFile(client, client.downloadUrl(jobId), `${jobId}.mp4`);
}

/** Downloads a job's captions as an SRT or WebVTT sidecar file (accessibility). */
export function downloadCaptions(
  client: ApiClient,
  jobId: string,
  format: 'srt' | 'vtt',
): Promise<void> {
  return downloadFile(client, client.captionsUrl(jobId, format), `${jobId}.${format}`);
}
