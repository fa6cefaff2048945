import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EcgError, toEcgError } from '@ecg-render/errors';
import { checkUrl } from './check-url.js';
import { guardedRequest } from './guarded-request.js';
import { redactUrl } from './url-not-allowed.js';
import type { UrlPolicy } from './url-policy.js';

export interface DownloadToFileOptions {
  url: string;
  /** Written in place; removed again if the download fails. */
  destination: string;
  /** Refused when Content-Length says more, and stopped when more bytes arrive. */
  maxBytes: number;
  /** For everything: resolution, redirects, headers and body. */
  timeoutMs: number;
  /** ALLOW_PRIVATE_URLS; see UrlPolicy. */
  allowPrivate: boolean;
  /** See UrlPolicy.allowAddresses. */
  allowAddresses?: readonly string[];
  /** See UrlPolicy.resolve (tests). */
  resolve?: UrlPolicy['resolve'];
  /** Redirect hops followed, each checked like the first URL. Default 5. */
  maxRedirects?: number;
  signal?: AbortSignal;
}

export interface DownloadResult {
  bytes: number;
  contentType: string | null;
  /** After redirects, without credentials or query. */
  finalUrl: string;
  redirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads an untrusted URL into a file: http/https only; every hop's address checked at connect
 * time (loopback, private, link-local, CGNAT, multicast, unspecified and metadata addresses are
 * refused: URL_NOT_ALLOWED); redirects followed by hand, each one re-resolved and re-checked; size
 * capped (DOWNLOAD_TOO_LARGE) and total time capped (DOWNLOAD_FAILED, retryable, as are network
 * errors and 5xx answers). A 404 or 410 is MEDIA_NOT_FOUND. The partial file is removed on any
 * failure, cancellation included (CANCELLED).
 */
export async function downloadToFile(options: DownloadToFileOptions): Promise<DownloadResult> {
  const policy: UrlPolicy = {
    allowPrivate: options.allowPrivate,
    ...(options.allowAddresses && { allowAddresses: options.allowAddresses }),
    ...(options.resolve && { resolve: options.resolve }),
  };
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const maxRedirects = options.maxRedirects ?? 5;
  let url = checkUrl(options.url, policy);
  let written = false;
  try {
    for (let redirects = 0; ; redirects += 1) {
      const response = await guardedRequest({
        url,
        method: 'GET',
        headers: { 'accept-encoding': 'identity', 'user-agent': 'ecg-render' },
        policy,
        signal,
      });
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location !== undefined) {
        response.resume();
        if (redirects >= maxRedirects) {
          throw new EcgError('DOWNLOAD_FAILED', `More than ${maxRedirects} redirects`, {
            retryable: false,
            details: { url: redactUrl(url) },
          });
        }
        url = checkUrl(new URL(location, url), policy);
        continue;
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw statusError(url, status);
      }
      const length = Number(response.headers['content-length']);
      if (Number.isFinite(length) && length > options.maxBytes) {
        response.destroy();
        throw tooLarge(url, options.maxBytes, length);
      }
      written = true;
      const bytes = await saveBody({ response, options, url, signal });
      return {
        bytes,
        contentType: response.headers['content-type'] ?? null,
        finalUrl: redactUrl(url),
        redirects,
      };
    }
  } catch (error) {
    if (written) await rm(options.destination, { force: true });
    if (options.signal?.aborted) {
      throw new EcgError('CANCELLED', 'The download was cancelled', { cause: error });
    }
    if (deadline.aborted) {
      throw new EcgError(
        'DOWNLOAD_FAILED',
        `The download did not finish within ${options.timeoutMs} ms`,
        { cause: error, details: { url: redactUrl(url) } },
      );
    }
    if (error instanceof EcgError) throw error;
    throw new EcgError(
      'DOWNLOAD_FAILED',
      `Downloading ${redactUrl(url)} failed: ${toEcgError(error).message}`,
      { cause: error, details: { url: redactUrl(url) } },
    );
  }
}

async function saveBody(input: {
  response: IncomingMessage;
  options: DownloadToFileOptions;
  url: URL;
  signal: AbortSignal;
}): Promise<number> {
  const { maxBytes } = input.options;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(tooLarge(input.url, maxBytes));
      else callback(null, chunk);
    },
  });
  await pipeline(input.response, counter, createWriteStream(input.options.destination), {
    signal: input.signal,
  });
  return bytes;
}

function statusError(url: URL, status: number): EcgError {
  const details = { url: redactUrl(url), status };
  if (status === 404 || status === 410) {
    return new EcgError('MEDIA_NOT_FOUND', `${redactUrl(url)} answered ${status}`, { details });
  }
  // Client errors will not change on a retry, except "too many requests" and "timeout".
  const retryable = status >= 500 || status === 408 || status === 429;
  return new EcgError('DOWNLOAD_FAILED', `${redactUrl(url)} answered ${status}`, {
    retryable,
    details,
  });
}

function tooLarge(url: URL, maxBytes: number, announced?: number): EcgError {
  return new EcgError(
    'DOWNLOAD_TOO_LARGE',
    `${redactUrl(url)} is larger than the ${maxBytes}-byte limit` +
      (announced !== undefined ? ` (${announced} bytes)` : ''),
    { details: { url: redactUrl(url), maxBytes, ...(announced !== undefined && { announced }) } },
  );
}
