import type { ApiClient } from './api-client.js';
import { apiErrorFromBody } from './api-error.js';

/**
 * Downloads a job's video with the API key. A plain link cannot carry the Authorization header,
 * so with a key the file is fetched and handed to the browser as a blob; without one the studio
 * uses a plain link instead (see App), which streams straight to disk.
 */
export async function downloadJob(client: ApiClient, jobId: string): Promise<void> {
  const response = await fetch(client.downloadUrl(jobId), { headers: client.authHeaders() });
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
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? `${jobId}.mp4`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
