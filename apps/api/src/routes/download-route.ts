import { EcgError } from '@ecg-render/errors';
import { jobDownloadName } from '@ecg-render/jobs';
import { attachmentDisposition } from '@ecg-render/storage';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { parseRange } from '../http/parse-range.js';
import { principalOf } from '../http/principal-of.js';
import { findJob } from '../render/find-job.js';
import { JOB_ID_PARAMS, problems } from './schemas.js';

/**
 * GET /api/render/{id}/download: a 302 to a presigned URL on S3 (the bytes never pass through the
 * API), or the file streamed from local storage with single-range support (players seek with it).
 */
export function downloadRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/render/:id/download',
    {
      schema: {
        summary: 'Download the rendered video',
        tags: ['render'],
        params: JOB_ID_PARAMS,
        headers: { type: 'object', properties: { range: { type: 'string' } } },
        response: {
          200: {
            description: 'The video (local storage)',
            content: { 'video/mp4': { schema: { type: 'string', format: 'binary' } } },
          },
          206: {
            description: 'A byte range of the video',
            content: { 'video/mp4': { schema: { type: 'string', format: 'binary' } } },
          },
          302: { description: 'Redirect to a presigned URL (S3)', type: 'null' },
          ...problems(401, 404, 409, 416),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const job = await findJob(deps.sql, { ref: id, principal: principalOf(request) });
      if (job.state !== 'completed' || job.output === null) {
        throw new EcgError(
          'CONFLICT',
          `Job ${job.id} is ${job.state}; there is nothing to download yet`,
          {
            details: { state: job.state },
          },
        );
      }
      const { key } = job.output;
      // The same name the worker's presigned link in the `completed` callback uses.
      const name = jobDownloadName({ jobId: job.id, externalId: job.externalId, key });
      if (deps.storage.kind === 's3') {
        const url = await deps.storage.presignGet({
          key,
          expiresInSec: deps.config.storage.presignExpirySeconds,
          downloadName: name,
        });
        if (url !== null) return reply.redirect(url, 302);
      }
      const stat = await deps.storage.stat(key);
      if (stat === null)
        throw new EcgError('NOT_FOUND', `The output of job ${job.id} is missing from storage`);
      const range = parseRange(request.headers.range, stat.size);
      reply.header('accept-ranges', 'bytes');
      reply.header('content-disposition', attachmentDisposition(name));
      reply.header('last-modified', stat.modified.toUTCString());
      if (range === 'unsatisfiable') {
        reply.header('content-range', `bytes */${stat.size}`);
        throw new EcgError(
          'RANGE_NOT_SATISFIABLE',
          `The range is outside the ${stat.size} bytes of the video`,
          {
            details: { size: stat.size },
          },
        );
      }
      const object = await deps.storage.getStream(key, range === null ? {} : { range });
      reply.header('content-type', object.contentType ?? 'application/octet-stream');
      reply.header('content-length', object.size);
      if (object.range !== undefined) {
        reply
          .code(206)
          .header(
            'content-range',
            `bytes ${object.range.start}-${object.range.end}/${object.totalSize}`,
          );
      }
      return reply.send(object.stream);
    },
  );
}
