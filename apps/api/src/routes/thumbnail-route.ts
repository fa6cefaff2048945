import { EcgError } from '@ecg-render/errors';
import { jobStorageKeys } from '@ecg-render/jobs';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { principalOf } from '../http/principal-of.js';
import { findJob } from '../render/find-job.js';
import { JOB_ID_PARAMS, problems } from './schemas.js';

/**
 * GET /api/render/{id}/thumbnail: a small JPEG of the latest rendered frame, replaced every few
 * seconds while the job renders (and the last one once it is done). 404 until the first exists.
 * Served through the API (not a presigned URL) so it needs the same key as the job.
 */
export function thumbnailRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/render/:id/thumbnail',
    {
      schema: {
        summary: 'The latest rendered frame, as a small JPEG',
        tags: ['render'],
        params: JOB_ID_PARAMS,
        response: {
          200: {
            description: 'The latest rendered frame',
            content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
          },
          ...problems(401, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const job = await findJob(deps.sql, { ref: id, principal: principalOf(request) });
      const key = jobStorageKeys.preview(job.id);
      const stat = await deps.storage.stat(key);
      if (stat === null) {
        throw new EcgError('NOT_FOUND', `Job ${job.id} has no rendered frame to show yet`);
      }
      const object = await deps.storage.getStream(key);
      reply.header('content-type', 'image/jpeg');
      reply.header('content-length', object.size);
      reply.header('cache-control', 'no-store');
      reply.header('last-modified', stat.modified.toUTCString());
      return reply.send(object.stream);
    },
  );
}
