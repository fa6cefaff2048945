import { extname, join } from 'node:path';
import type { JobSource } from '@ecg-render/db';
import { downloadToFile } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';
import { saveObjectToFile } from './save-object-to-file.js';

/**
 * The job's source video as a local file in the attempt's folder: an upload is copied from
 * storage; a URL is downloaded with every SSRF check (downloadToFile) and the size and time
 * limits of the configuration. FFmpeg then only ever reads local files.
 */
export async function fetchSource(input: {
  rt: WorkerRuntime;
  source: JobSource;
  dir: string;
  signal: AbortSignal;
}): Promise<string> {
  const { rt, source } = input;
  if (source.kind === 'upload') {
    const path = join(input.dir, `source${safeExtension(source.key)}`);
    await saveObjectToFile({ storage: rt.storage, key: source.key, path, signal: input.signal });
    return path;
  }
  const path = join(input.dir, `source${safeExtension(new URL(source.url).pathname)}`);
  await downloadToFile({
    url: source.url,
    destination: path,
    maxBytes: rt.config.limits.downloadMaxBytes,
    timeoutMs: rt.config.limits.downloadTimeoutMs,
    allowPrivate: rt.config.limits.allowPrivateUrls,
    allowAddresses: rt.config.limits.trustedAddresses,
    signal: input.signal,
  });
  return path;
}

/** An extension for the local copy (FFmpeg probes the content; this only helps people reading logs). */
function safeExtension(name: string): string {
  const ext = extname(name).toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(ext) ? ext : '';
}
