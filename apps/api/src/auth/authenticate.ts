import type { Config } from '@ecg-render/config';
import { verifyApiKey, type Sql } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import type { FastifyRequest } from 'fastify';
import type { Principal } from './principal.js';

const ANYONE: Principal = { apiKeyId: null, scope: { kind: 'all' } };

/**
 * Who the request acts for. Keys come as `Authorization: Bearer <key>`, `X-API-Key: <key>`, or as
 * Basic auth (a key in the URL's user info), and
 * are verified by hash (packages/db); an unknown, revoked or missing key is UNAUTHORIZED. With
 * AUTH disabled (standalone on loopback) every request acts for "anyone" and sees every job.
 */
export async function authenticate(input: {
  config: Config;
  sql: Sql;
  request: FastifyRequest;
}): Promise<Principal> {
  if (input.config.security.auth === 'disabled') return ANYONE;
  const { authorization } = input.request.headers;
  const header = input.request.headers['x-api-key'];
  let key: string | undefined;
  if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) {
    key = authorization.replace(/^bearer\s+/i, '').trim();
  } else if (typeof authorization === 'string' && /^basic\s+/i.test(authorization)) {
    // A key in the URL's user info (https://ecgr_…@render.example.com) arrives as Basic auth: a
    // client that cannot add headers (the ECG backend only has a base URL to configure) can still
    // authenticate. The key may be the user name or the password.
    const decoded = Buffer.from(authorization.replace(/^basic\s+/i, '').trim(), 'base64').toString(
      'utf8',
    );
    const colon = decoded.indexOf(':');
    const [user, password] =
      colon < 0 ? [decoded, ''] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
    key = password !== '' ? password : user;
  } else if (typeof header === 'string') {
    key = header.trim();
  }
  if (key === undefined || key === '') {
    throw new EcgError(
      'UNAUTHORIZED',
      'An API key is required: send Authorization: Bearer <key> or X-API-Key: <key>',
    );
  }
  const apiKey = await verifyApiKey(input.sql, key);
  if (apiKey === null) throw new EcgError('UNAUTHORIZED', 'The API key is unknown or revoked');
  return { apiKeyId: apiKey.id, scope: { kind: 'apiKey', apiKeyId: apiKey.id } };
}
