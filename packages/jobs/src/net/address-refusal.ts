import { forbiddenAddressReason } from './forbidden-address-reason.js';
import { parseIpAddress } from './parse-ip-address.js';
import type { UrlPolicy } from './url-policy.js';

/** Why `policy` refuses to connect to `address`, or null when it may. */
export function addressRefusal(address: string, policy: UrlPolicy): string | null {
  if (policy.allowPrivate === true) return null;
  const reason = forbiddenAddressReason(address);
  if (reason === null) return null;
  const wanted = parseIpAddress(address)?.bytes.join('.');
  const listed = (policy.allowAddresses ?? []).some(
    (allowed) => parseIpAddress(allowed)?.bytes.join('.') === wanted,
  );
  return listed ? null : reason;
}
