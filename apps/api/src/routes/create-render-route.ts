import { join } from 'node:path';
import { EcgError } from '@ecg-render/errors';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api-deps.js';
import { parseJsonText } from '../http/parse-json-text.js';
import { principalOf } from '../http/principal-of.js';
import { checkRenderOptions } from '../render/check-render-options.js';
import { prepareScenario } from '../render/prepare-scenario.js';
import { readRenderMultipart } from '../render/read-render-multipart.js';
import { submitRender, type SourceInput } from '../render/submit-render.js';
import { problems, RENDER_OPTIONS_SCHEMA } from './schemas.js';

interface JsonRenderBody {
  scenario?: unknown;
  subtitles?: string;
  subtitlesFilename?: string;
  preset?: string;
  videoUrl: string;
  options?: unknown;
  webhookUrl?: string;
}

const ACCEPTED = {
  type: 'object',
  properties: {
    jobId: { type: 'string', format: 'uuid' },
    status: { type: 'string' },
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string' },
          message: { type: 'string' },
          path: { type: 'string' },
        },
      },
    },
  },
} as const;

const JSON_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scenario: {
      type: 'object',
      additionalProperties: true,
      description: 'MotionText scenario v2.0. Either this or subtitles.',
    },
    subtitles: {
      type: 'string',
      description: 'SRT, WebVTT, ASS/SSA or word-timed JSON text. Either this or scenario.',
    },
    subtitlesFilename: {
      type: 'string',
      description: 'Helps detect the subtitle format (e.g. captions.srt).',
    },
    preset: {
      type: 'string',
      description: 'Caption style for subtitles: clean, boxed, social, karaoke, typewriter.',
    },
    videoUrl: {
      type: 'string',
      description: 'http(s) URL of the source video; private addresses are refused.',
    },
    options: RENDER_OPTIONS_SCHEMA,
    webhookUrl: {
      type: 'string',
      description: 'Receives signed Standard Webhooks events for this job.',
    },
  },
  required: ['videoUrl'],
} as const;

// No `type: 'object'` here: a multipart body is read by the handler (request.parts()), so Fastify
// validates `undefined` against this schema; the OpenAPI document gets the type added back
// (see openApiTransform).
const MULTIPART_BODY = {
  description:
    'video (file) and scenario (JSON text or file), or subtitles (file) + preset; options (JSON text); webhookUrl.',
  properties: {
    video: { type: 'string', format: 'binary' },
    scenario: { type: 'string', description: 'Scenario JSON.' },
    subtitles: { type: 'string', format: 'binary' },
    preset: { type: 'string' },
    options: { type: 'string', description: 'Options JSON (see the JSON body).' },
    webhookUrl: { type: 'string' },
  },
} as const;

/** POST /api/render: a render job from an upload (multipart) or a video URL (JSON). */
export function createRenderRoute(app: FastifyInstance, deps: ApiDeps): void {
  const { limits } = deps.config;
  const jsonLimits = { maxBytes: limits.maxScenarioBytes, maxDepth: limits.maxJsonDepth };
  app.post(
    '/api/render',
    {
      schema: {
        summary: 'Create a render job',
        description:
          'Validates everything before creating anything; a refused request leaves no job and no stored upload. ' +
          'With Idempotency-Key, a repeat of the same request returns the same job (200); the same key with a different request is 409 CONFLICT.',
        tags: ['render'],
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
        },
        body: {
          content: {
            'application/json': { schema: JSON_BODY },
            'multipart/form-data': { schema: MULTIPART_BODY },
          },
        },
        response: {
          202: { description: 'Job created', ...ACCEPTED },
          200: {
            description: 'The job an earlier identical request created (Idempotency-Key)',
            ...ACCEPTED,
          },
          ...problems(400, 401, 409, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null;
      const abort = new AbortController();
      request.raw.once('close', () => {
        if (!request.raw.complete) abort.abort();
      });
      let result;
      if (request.isMultipart()) {
        const form = await readRenderMultipart(request, {
          tmpDir: join(deps.config.dataDir, 'tmp', 'uploads'),
          maxUploadBytes: limits.maxUploadBytes,
          maxTextBytes: limits.maxScenarioBytes,
          beforeVideo: async (texts) => {
            // The checks submitRender makes again at the end, early: they need no video.
            const scenario = texts.get('scenario')?.text;
            const subtitles = texts.get('subtitles');
            if (scenario !== undefined || subtitles !== undefined) {
              await prepareScenario(deps.sql, {
                ...(scenario !== undefined && {
                  scenario: parseJsonText(scenario, { ...jsonLimits, field: 'scenario' }),
                }),
                ...(subtitles !== undefined && {
                  subtitles: {
                    text: subtitles.text,
                    ...(subtitles.filename !== null && { filename: subtitles.filename }),
                  },
                }),
                ...(texts.has('preset') && { preset: texts.get('preset')!.text }),
              });
            }
            const options = texts.get('options')?.text;
            if (options !== undefined) {
              checkRenderOptions(parseJsonText(options, { ...jsonLimits, field: 'options' }), {
                maxWidth: limits.maxVideoWidth,
                maxHeight: limits.maxVideoHeight,
                maxFps: limits.maxVideoFps,
              });
            }
          },
        });
        try {
          const text = (name: string): string | undefined => form.texts.get(name)?.text;
          const videoUrl = text('videoUrl');
          if ((form.video === null) === (videoUrl === undefined)) {
            throw new EcgError('INVALID_REQUEST', 'Send a video file or a videoUrl (exactly one)', {
              details: { field: 'video' },
            });
          }
          const source: SourceInput =
            form.video !== null
              ? {
                  kind: 'upload',
                  path: form.video.path,
                  sha256: form.video.sha256,
                  filename: form.video.filename,
                }
              : { kind: 'url', url: videoUrl! };
          const scenarioText = text('scenario');
          const optionsText = text('options');
          const subtitles = form.texts.get('subtitles');
          const preset = text('preset');
          result = await submitRender(deps, {
            principal,
            caption: {
              ...(scenarioText !== undefined && {
                scenario: parseJsonText(scenarioText, { ...jsonLimits, field: 'scenario' }),
              }),
              ...(subtitles !== undefined && {
                subtitles: {
                  text: subtitles.text,
                  ...(subtitles.filename !== null && { filename: subtitles.filename }),
                },
              }),
              ...(preset !== undefined && { preset }),
            },
            options:
              optionsText === undefined
                ? undefined
                : parseJsonText(optionsText, { ...jsonLimits, field: 'options' }),
            source,
            webhookUrl: text('webhookUrl') ?? null,
            callbackStyle: 'standard',
            externalId: null,
            idempotencyKey,
            signal: abort.signal,
          });
        } finally {
          await form.cleanup();
        }
      } else {
        const body = request.body as JsonRenderBody;
        result = await submitRender(deps, {
          principal,
          caption: {
            ...(body.scenario !== undefined && { scenario: body.scenario }),
            ...(body.subtitles !== undefined && {
              subtitles: {
                text: body.subtitles,
                ...(body.subtitlesFilename !== undefined && { filename: body.subtitlesFilename }),
              },
            }),
            ...(body.preset !== undefined && { preset: body.preset }),
          },
          options: body.options,
          source: { kind: 'url', url: body.videoUrl },
          webhookUrl: body.webhookUrl ?? null,
          callbackStyle: 'standard',
          externalId: null,
          idempotencyKey,
          signal: abort.signal,
        });
      }
      if (!result.created) reply.header('idempotent-replayed', 'true');
      return reply.code(result.created ? 202 : 200).send({
        jobId: result.job.id,
        status: result.job.state,
        warnings: result.created ? result.warnings : [],
      });
    },
  );
}
