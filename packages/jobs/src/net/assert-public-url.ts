import { EcgError } from '@ecg-render/errors';
import { checkUrl } from './check-url.js';
import { createGuardedLookup } from './create-guarded-lookup.js';
import { parseIpAddress } from './parse-ip-address.js';
import type { UrlPolicy } from './url-policy.js';

/**
 * An early, friendly refusal for the API (a bad webhook or video URL is a 400 at creation, not a
 * failed job later): syntax, scheme, and every address the host resolves to now. Not a security
 * boundary on its own — DNS can change before the connection — which is why every request also
 * checks at connect time (guardedRequest).
 */
export async function assertPublicUrl(input: { url: string; policy: UrlPolicy }): Promise<URL> {
  const url = checkUrl(input.url, input.policy);
  if (parseIpAddress(url.hostname) !== null) return url; // judged by checkUrl
  const lookup = createGuardedLookup({ url, policy: input.policy });
  await new Promise<void>((resolve, reject) => {
    lookup(url.hostname, { all: true }, (error) => {
      if (!error) resolve();
      else if (error instanceof EcgError) reject(error);
      else {
        reject(
          new EcgError('URL_NOT_ALLOWED', `${url.hostname} cannot be resolved`, {
            details: { reason: 'unresolvable host' },
          }),
        );
      }
    });
  });
  return url;
}
