import { getJob, isFinishedJobState } from '@ecg-render/db';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { baseUrl } from '../http/base-url.js';
import { principalOf } from '../http/principal-of.js';
import { findJob } from '../render/find-job.js';
import { toJobView } from '../render/job-view.js';
import { JOB_ID_PARAMS, problems } from './schemas.js';

/**
 * GET /api/render/{id}/events: Server-Sent Events of the job's state (the same object as GET
 * /api/render/{id}) each time it changes, until it reaches a final state; comment lines keep idle
 * streams alive through proxies. It re-reads the row on a timer rather than listening: the same
 * code works on PGlite and PostgreSQL, and one indexed read per second per watcher is cheap.
 * Open streams are ended when the app closes, so a graceful shutdown is not held up by them.
 */
export function eventsRoute(app: FastifyInstance, deps: ApiDeps): void {
  const pollMs = deps.eventsPollMs ?? 1000;
  const heartbeatMs = deps.eventsHeartbeatMs ?? 15_000;
  const open = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const end of open) end();
    done();
  });

  app.get(
    '/api/render/:id/events',
    {
      schema: {
        summary: 'Live status of a job (Server-Sent Events)',
        description:
          'Each `status` event carries the job as GET /api/render/{id} returns it; the stream ends after a final state.',
        tags: ['render'],
        params: JOB_ID_PARAMS,
        response: {
          200: {
            description: 'text/event-stream',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...problems(401, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const principal = principalOf(request);
      const first = await findJob(deps.sql, { ref: id, principal });
      const base = baseUrl(deps.config, request);
      reply.hijack();
      const out = reply.raw;
      out.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // nginx buffers responses unless told not to; events would arrive in bursts.
        'x-accel-buffering': 'no',
      });
      let last = '';
      let sequence = 0;
      let lastWrite = Date.now();
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        open.delete(end);
        out.end();
      };
      open.add(end);
      out.on('close', end);
      const write = (text: string): void => {
        out.write(text);
        lastWrite = Date.now();
      };
      const tick = async (): Promise<void> => {
        try {
          const job =
            sequence === 0
              ? first
              : await getJob(deps.sql, { id: first.id, scope: principal.scope });
          if (ended) return;
          if (job === null) {
            write(`event: deleted\ndata: ${JSON.stringify({ jobId: first.id })}\n\n`);
            end();
            return;
          }
          const data = JSON.stringify(toJobView(job, base));
          if (data !== last) {
            sequence += 1;
            write(`id: ${sequence}\nevent: status\ndata: ${data}\n\n`);
            last = data;
          } else if (Date.now() - lastWrite >= heartbeatMs) {
            write(': keep-alive\n\n');
          }
          if (isFinishedJobState(job.state)) {
            end();
            return;
          }
        } catch (error) {
          request.log.warn({ err: error, jobId: first.id }, 'events stream could not read the job');
        }
        if (!ended) timer = setTimeout(() => void tick(), pollMs);
      };
      await tick();
    },
  );
}
