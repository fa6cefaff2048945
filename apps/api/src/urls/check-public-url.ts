import { isIP } from 'node:net';
import { EcgError } from '@ecg-render/errors';
import { isPublicAddress } from './is-public-address.js';
import type { LookupHost } from './lookup-host.js';

export interface CheckPublicUrlOptions {
  url: string;
  /** The request field the URL came from, named in the error (e.g. `videoUrl`). */
  field: string;
  lookup: LookupHost;
  /** ALLOW_PRIVATE_URLS (tests): the scheme is still checked, the addresses are not. */
  allowPrivate: boolean;
}

/**
 * Refuses a URL the service must not fetch or call (URL_NOT_ALLOWED): anything but http(s), and
 * host names that resolve to loopback, private, link-local or metadata addresses. This is the
 * early, friendly check at submission; the worker checks the address again when it connects (a
 * name can resolve differently by then: DNS rebinding), and after every redirect.
 */
export async function checkPublicUrl(options: CheckPublicUrlOptions): Promise<URL> {
  const refuse = (reason: string): EcgError =>
    new EcgError('URL_NOT_ALLOWED', `${options.field}: ${reason}`, {
      details: { field: options.field, reason },
    });
  if (!URL.canParse(options.url)) throw refuse('not a valid absolute URL');
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refuse(`only http and https URLs are allowed, not ${url.protocol.slice(0, -1)}`);
  }
  if (options.allowPrivate) return url;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = (await options.lookup(host)).map((entry) => entry.address);
    } catch {
      throw refuse(`the host ${host} cannot be resolved`);
    }
    if (addresses.length === 0) throw refuse(`the host ${host} cannot be resolved`);
  }
  // Every address must be public: a client connecting later may pick any of them.
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked !== undefined) {
    throw refuse(`the host ${host} points at a loopback, private, link-local or metadata address`);
  }
  return url;
}
