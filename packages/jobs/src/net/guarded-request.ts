import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { addressRefusal } from './address-refusal.js';
import { checkUrl } from './check-url.js';
import { createGuardedLookup } from './create-guarded-lookup.js';
import { urlNotAllowed } from './url-not-allowed.js';
import type { UrlPolicy } from './url-policy.js';

export interface GuardedRequestOptions {
  url: URL;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  policy: UrlPolicy;
  /** Aborting destroys the request (and the response, once there is one). */
  signal: AbortSignal;
}

/**
 * One HTTP(S) request to an untrusted URL, with its address checked three times: the literal
 * host (checkUrl), every resolved address at connect time (createGuardedLookup), and the peer the
 * socket actually connected to, before a byte is sent. No connection reuse (`agent: false`): a
 * pooled socket would skip the connect-time checks. Redirects are the caller's to follow (each hop
 * is a new guardedRequest, so it is checked again). Resolves with the response head; the caller
 * consumes or destroys the body.
 */
export function guardedRequest(options: GuardedRequestOptions): Promise<IncomingMessage> {
  const url = checkUrl(options.url, options.policy);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, {
      method: options.method,
      headers: options.headers,
      agent: false,
      lookup: createGuardedLookup({ url, policy: options.policy }),
      signal: options.signal,
    });
    // Nothing is written until the peer is known and allowed: headers go out on end(), which is
    // called only after this check.
    const checkPeerAndSend = (socket: Socket): void => {
      const peer = socket.remoteAddress;
      const refusal = peer === undefined ? 'no peer address' : addressRefusal(peer, options.policy);
      if (refusal !== null) request.destroy(urlNotAllowed(url, refusal, peer));
      else request.end(options.body);
    };
    request.once('socket', (socket: Socket) => {
      if (socket.connecting) socket.once('connect', () => checkPeerAndSend(socket));
      else checkPeerAndSend(socket);
    });
    request.once('response', resolve);
    request.once('error', reject);
  });
}
