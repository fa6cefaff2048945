import { timingSafeEqual, createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { EcgError } from '@ecg-render/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DashboardQueue } from '../api-deps.js';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import { toProblem } from '../errors/to-problem.js';

export const DASHBOARD_PATH = '/admin/queues';

/**
 * The Bull Board queue dashboard at /admin/queues, behind HTTP basic auth (DASHBOARD_USER and
 * DASHBOARD_PASSWORD). It can retry and remove jobs, so it is never public: without credentials
 * configured it is not served at all.
 */
export async function registerDashboard(
  app: FastifyInstance,
  input: { queues: DashboardQueue[]; credentials: { user: string; password: string } },
): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({
    queues: input.queues.map(
      (queue) => new BullMQAdapter(queue as ConstructorParameters<typeof BullMQAdapter>[0]),
    ),
    serverAdapter: adapter,
  });
  const expected = digest(`${input.credentials.user}:${input.credentials.password}`);
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request: FastifyRequest, reply) => {
        const header = request.headers.authorization ?? '';
        const given = /^basic\s+(.+)$/i.exec(header)?.[1];
        const decoded = given === undefined ? '' : Buffer.from(given, 'base64').toString('utf8');
        // Compare digests in constant time: the length of the guess reveals nothing either.
        if (!timingSafeEqual(digest(decoded), expected)) {
          // Answered here, not thrown: Bull Board installs its own error handler in this scope.
          const problem = toProblem(
            new EcgError(
              'UNAUTHORIZED',
              'The queue dashboard needs the dashboard user name and password',
            ),
            request.url,
          );
          return reply
            .code(401)
            .header('www-authenticate', 'Basic realm="ecg-render queues", charset="UTF-8"')
            .type(PROBLEM_CONTENT_TYPE)
            .send(problem);
        }
      });
      await scope.register(adapter.registerPlugin());
    },
    { prefix: DASHBOARD_PATH },
  );
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
