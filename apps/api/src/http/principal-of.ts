import { EcgError } from '@ecg-render/errors';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';

/** The principal the auth hook attached; a route outside the authenticated scope has none. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === null) throw new EcgError('INTERNAL', 'Route reached without authentication');
  return principal;
}
