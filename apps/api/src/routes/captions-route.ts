import { jobDownloadName, loadJobScenario } from '@ecg-render/jobs';
import {
  exportSubtitles,
  normalizeScenario,
  type SubtitleExportFormat,
} from '@ecg-render/scenario';
import { attachmentDisposition } from '@ecg-render/storage';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { principalOf } from '../http/principal-of.js';
import { findJob } from '../render/find-job.js';
import { JOB_ID_PARAMS, problems } from './schemas.js';

const CONTENT_TYPES: Record<SubtitleExportFormat, string> = {
  srt: 'application/x-subrip; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
};

/**
 * GET /api/render/{id}/captions?format=srt|vtt: the job's captions as an accessibility sidecar
 * (packages/scenario exportSubtitles: each cue's visible text over its display time), to publish
 * beside the captioned video. Any job the key sees, whatever its state: the text is the scenario's.
 */
export function captionsRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.get(
    '/api/render/:id/captions',
    {
      schema: {
        summary: 'The job’s captions as an SRT or WebVTT sidecar file',
        tags: ['render'],
        params: JOB_ID_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            format: { type: 'string', enum: ['srt', 'vtt'], default: 'vtt' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            description: 'The sidecar file (attachment)',
            content: {
              'text/vtt': { schema: { type: 'string' } },
              'application/x-subrip': { schema: { type: 'string' } },
            },
          },
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { format } = request.query as { format: SubtitleExportFormat };
      const job = await findJob(deps.sql, { ref: id, principal: principalOf(request) });
      const scenario = await loadJobScenario({
        storage: deps.storage,
        scenario: job.scenario,
        maxBytes: deps.config.limits.maxScenarioBytes,
      });
      const text = exportSubtitles(normalizeScenario(scenario).scenario, format);
      const name = jobDownloadName({
        jobId: job.id,
        externalId: job.externalId,
        key: `captions.${format}`,
      });
      reply.header('content-type', CONTENT_TYPES[format]);
      reply.header('content-disposition', attachmentDisposition(name));
      return reply.send(text);
    },
  );
}
