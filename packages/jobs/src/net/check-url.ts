import { EcgError } from '@ecg-render/errors';
import { addressRefusal } from './address-refusal.js';
import { parseIpAddress } from './parse-ip-address.js';
import { urlNotAllowed } from './url-not-allowed.js';
import type { UrlPolicy } from './url-policy.js';

/**
 * The checks a URL passes before anything connects: it parses, it is http or https, and a host
 * written as an IP address is not an internal one (sockets skip name resolution for those, so
 * the connect-time lookup check never sees them). Host names are checked when they are resolved
 * for the connection itself (createGuardedLookup), which is what defeats DNS rebinding.
 */
export function checkUrl(input: string | URL, policy: UrlPolicy): URL {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch {
    throw new EcgError('URL_NOT_ALLOWED', 'The URL cannot be parsed', {
      details: { reason: 'invalid URL' },
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw urlNotAllowed(url, `only http and https URLs are allowed, not ${url.protocol}`);
  }
  if (url.hostname === '') throw urlNotAllowed(url, 'the URL has no host');
  const literal = parseIpAddress(url.hostname);
  if (literal) {
    const refusal = addressRefusal(url.hostname, policy);
    if (refusal !== null) throw urlNotAllowed(url, refusal, url.hostname.replace(/^\[|\]$/g, ''));
  }
  return url;
}
