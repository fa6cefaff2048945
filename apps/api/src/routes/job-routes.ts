import { setTimeout as sleep } from 'node:timers/promises';
import {
  cancelJob,
  deleteJob,
  getJob,
  JOB_STATES,
  listJobs,
  type Job,
  type JobScope,
  type JobState,
} from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import { recordJobEvent } from '@ecg-render/jobs';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { baseUrl } from '../http/base-url.js';
import { principalOf } from '../http/principal-of.js';
import { deleteJobObjects } from '../render/delete-job-objects.js';
import { findJob } from '../render/find-job.js';
import { toJobView } from '../render/job-view.js';
import { JOB_ID_PARAMS, jobRef, problems } from './schemas.js';

/** How long DELETE waits for a processing job's worker to acknowledge the cancel. */
const DELETE_WAIT_MS = 10_000;

/** GET /api/render/{id}, GET /api/render, POST /api/render/{id}/cancel, DELETE /api/render/{id}. */
export function jobRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const { sql } = deps;

  /**
   * cancelJob, and the job's `cancelled` event when that ended it: a queued job is cancelled here
   * and no worker will ever see it, so nobody else would tell its webhook (the ECG backend waits
   * for that callback). The event id is stable, so asking again never sends it twice; a
   * processing job's event is the worker's, once it acknowledges.
   */
  const cancel = async (id: string, scope: JobScope): Promise<Job> => {
    const job = await cancelJob(sql, { id, scope });
    if (job.state === 'cancelled') {
      await recordJobEvent({ sql, dispatcher: deps.dispatcher, job, type: 'cancelled' });
    }
    return job;
  };

  app.get(
    '/api/render/:id',
    {
      schema: {
        summary: 'Status and progress of a job',
        tags: ['render'],
        params: JOB_ID_PARAMS,
        response: { 200: jobRef, ...problems(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const job = await findJob(sql, { ref: id, principal: principalOf(request) });
      return toJobView(job, baseUrl(deps.config, request));
    },
  );

  app.get(
    '/api/render',
    {
      schema: {
        summary: 'List jobs, newest first',
        tags: ['render'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            state: { type: 'string', description: 'One state or several, comma-separated.' },
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: {
              type: 'string',
              maxLength: 100,
              description: 'nextCursor of the previous page.',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              jobs: { type: 'array', items: jobRef },
              nextCursor: { type: ['string', 'null'] },
            },
          },
          ...problems(400, 401),
        },
      },
    },
    async (request) => {
      const query = request.query as { state?: string; limit: number; cursor?: string };
      let states: JobState[] | undefined;
      if (query.state !== undefined) {
        states = query.state.split(',').map((s) => s.trim()) as JobState[];
        const bad = states.find((s) => !(JOB_STATES as readonly string[]).includes(s));
        if (bad !== undefined) {
          throw new EcgError(
            'INVALID_REQUEST',
            `state ${JSON.stringify(bad)} is not one of ${JOB_STATES.join(', ')}`,
            {
              details: { field: 'querystring.state' },
            },
          );
        }
      }
      const page = await listJobs(sql, {
        scope: principalOf(request).scope,
        limit: query.limit,
        cursor: query.cursor ?? null,
        ...(states && { states }),
      });
      const base = baseUrl(deps.config, request);
      return { jobs: page.jobs.map((job) => toJobView(job, base)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/api/render/:id/cancel',
    {
      schema: {
        summary: 'Cancel a job',
        description:
          'A queued job is cancelled at once; a processing one stops at its next progress report (cancelRequested). ' +
          "Accepts the external id (the ECG backend's jobId) too. 409 for a completed or failed job.",
        tags: ['render'],
        params: JOB_ID_PARAMS,
        response: { 200: jobRef, ...problems(401, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const principal = principalOf(request);
      const job = await findJob(sql, { ref: id, principal });
      const cancelled = await cancel(job.id, principal.scope);
      return toJobView(cancelled, baseUrl(deps.config, request));
    },
  );

  app.delete(
    '/api/render/:id',
    {
      schema: {
        summary: 'Delete a job and its stored objects',
        description:
          'A queued job is cancelled first; a processing one is asked to cancel and deleted once its worker stops ' +
          '(409 if that takes longer than 10 s: try again).',
        tags: ['render'],
        params: JOB_ID_PARAMS,
        response: { 204: { type: 'null', description: 'Deleted' }, ...problems(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const principal = principalOf(request);
      let job = await findJob(sql, { ref: id, principal });
      if (job.state === 'queued' || job.state === 'processing') {
        job = await cancel(job.id, principal.scope);
        const deadline = Date.now() + DELETE_WAIT_MS;
        while (job.state === 'processing' && Date.now() < deadline) {
          await sleep(200);
          job = (await getJob(sql, { id: job.id, scope: principal.scope })) ?? job;
        }
      }
      const deleted = await deleteJob(sql, { id: job.id, scope: principal.scope });
      if (deleted === null)
        throw new EcgError('NOT_FOUND', `Job ${id} not found`, { details: { jobId: id } });
      try {
        await deleteJobObjects(deps.storage, deleted);
      } catch (error) {
        // The row is gone, so nobody can reach these objects any more; an operator can sweep them.
        request.log.error(
          { err: error, jobId: deleted.id },
          'job deleted but some of its objects were not',
        );
      }
      return reply.code(204).send();
    },
  );
}
