import type { Config } from '@ecg-render/config';
import type { FastifyRequest } from 'fastify';

/** The origin clients reach this server at: PUBLIC_BASE_URL, or what the request was sent to. */
export function baseUrl(config: Config, request: FastifyRequest): string {
  return config.http.publicBaseUrl ?? `${request.protocol}://${request.host}`;
}
