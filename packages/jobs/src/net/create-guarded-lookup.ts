import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { addressRefusal } from './address-refusal.js';
import { urlNotAllowed } from './url-not-allowed.js';
import type { ResolvedAddress, UrlPolicy } from './url-policy.js';

function defaultResolve(hostname: string): Promise<ResolvedAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (error, addresses: LookupAddress[]) => {
      if (error) reject(error);
      else resolve(addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })));
    });
  });
}

/**
 * A `lookup` for http(s) requests that refuses internal addresses at connect time: the socket
 * connects to exactly the address this function returns, so a host name cannot pass a check with
 * one answer and then connect to another (DNS rebinding). A name with any internal address among
 * its answers is refused outright: such a mix is what rebinding setups look like.
 */
export function createGuardedLookup(options: { url: URL; policy: UrlPolicy }): LookupFunction {
  const resolve = options.policy.resolve ?? defaultResolve;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname).then(
      (answers) => {
        for (const answer of answers) {
          const refusal = addressRefusal(answer.address, options.policy);
          if (refusal !== null) {
            callback(urlNotAllowed(options.url, refusal, answer.address), '', 0);
            return;
          }
        }
        const family = lookupOptions.family;
        const wanted = answers.filter(
          (a) => family === undefined || family === 0 || a.family === Number(family),
        );
        if (wanted.length === 0) {
          const error = Object.assign(new Error(`${hostname} has no usable address`), {
            code: 'ENOTFOUND',
          });
          callback(error, '', 0);
          return;
        }
        if (lookupOptions.all === true) {
          (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, wanted);
        } else {
          callback(null, wanted[0]!.address, wanted[0]!.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
