import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { principalOf } from '../http/principal-of.js';
import { submitRender } from '../render/submit-render.js';
import { problems } from './schemas.js';

interface EcgRenderBody {
  jobId: string;
  videoUrl: string;
  scenario: unknown;
  options?: Record<string, unknown>;
  callbackUrl?: string;
}

/**
 * POST /render: the ECG backend's call, exactly as it makes it to its current GPU render server.
 * Its jobId becomes the job's external id (a repeat of the same request returns the same job,
 * a different request under the same jobId is 409), acceptance is HTTP 200, and progress and
 * completion go to callbackUrl as the snake_case callbacks it already parses (callback_style ecg).
 * Cancel is the shared POST /api/render/{id}/cancel, which accepts its jobId.
 */
export function ecgRenderRoute(app: FastifyInstance, deps: ApiDeps): void {
  app.post(
    '/render',
    {
      schema: {
        summary: 'Create a render job (ECG backend compatible)',
        tags: ['ecg'],
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            jobId: { type: 'string', minLength: 1, maxLength: 200 },
            videoUrl: { type: 'string' },
            scenario: { type: 'object', additionalProperties: true },
            options: {
              type: 'object',
              additionalProperties: false,
              properties: {
                width: { type: 'integer' },
                height: { type: 'integer' },
                // Both forms of each, as the ECG backend's contract declares them; checked and
                // normalised by packages/jobs parseRenderJobOptions ("30000/1001" → 29.97…,
                // a quality score 0-100 → a named preset).
                fps: { type: ['number', 'string'] },
                quality: { type: ['string', 'number'] },
                format: { type: 'string' },
              },
            },
            callbackUrl: { type: 'string' },
          },
          required: ['jobId', 'videoUrl', 'scenario'],
        },
        response: {
          200: {
            description: 'Accepted',
            type: 'object',
            properties: {
              job_id: { type: 'string' },
              status: { type: 'string' },
              render_job_id: { type: 'string', format: 'uuid' },
              message: { type: 'string' },
            },
          },
          ...problems(400, 401, 409, 429),
        },
      },
    },
    async (request) => {
      const body = request.body as EcgRenderBody;
      const result = await submitRender(deps, {
        principal: principalOf(request),
        caption: { scenario: body.scenario },
        options: body.options,
        source: { kind: 'url', url: body.videoUrl },
        webhookUrl: body.callbackUrl ?? null,
        callbackStyle: 'ecg',
        externalId: body.jobId,
        idempotencyKey: null,
      });
      return {
        job_id: body.jobId,
        status: result.job.state,
        render_job_id: result.job.id,
        message: result.created ? 'Render job accepted' : 'Render job already accepted',
      };
    },
  );
}
