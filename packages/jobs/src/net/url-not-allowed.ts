import { EcgError } from '@ecg-render/errors';

/** A URL without its credentials and query, safe to echo in errors and logs. */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function urlNotAllowed(url: URL, reason: string, address?: string): EcgError {
  return new EcgError(
    'URL_NOT_ALLOWED',
    `${redactUrl(url)} is not allowed: ${address ? `${address} is ` : ''}${reason}`,
    { details: { url: redactUrl(url), reason, ...(address !== undefined && { address }) } },
  );
}
