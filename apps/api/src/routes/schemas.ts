// JSON schemas shared by routes: they validate requests, shape responses and make the OpenAPI
// document. Nullable fields use type arrays (OpenAPI 3.1).

export const PROBLEM_SCHEMA = {
  $id: 'Problem',
  type: 'object',
  description:
    'An RFC 9457 problem; `code` is the stable contract, `details` holds structured facts (e.g. a JSON path).',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string' },
    details: { type: 'object', additionalProperties: true },
    instance: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
} as const;

export const problemRef = { $ref: 'Problem#' } as const;

/** Error responses a route documents, all problem+json. */
export function problems(...statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: 'Problem', content: { 'application/problem+json': { schema: problemRef } } },
    ]),
  );
}

export const RENDER_OPTIONS_SCHEMA = {
  type: 'object',
  description: 'Output options. Defaults: source size and rate, encoder auto, mp4, audio copied.',
  additionalProperties: false,
  properties: {
    width: { type: 'integer', description: 'Even, with height.' },
    height: { type: 'integer', description: 'Even, with width.' },
    fps: { type: ['number', 'string'], description: '30, 29.97 or "30000/1001".' },
    encoder: { type: 'string', enum: ['auto', 'libx264', 'libx265', 'h264_nvenc', 'hevc_nvenc'] },
    quality: {
      type: ['string', 'number'],
      description: 'low | medium | high | max, or 0-100 (100 best).',
    },
    crf: { type: 'integer', minimum: 0, maximum: 51 },
    format: { type: 'string', enum: ['mp4', 'mov', 'mkv'] },
    start: { type: 'number', minimum: 0, description: 'Source time to start at, seconds.' },
    end: { type: 'number', minimum: 0, description: 'Source time to end at, seconds.' },
    audio: { type: 'string', enum: ['auto', 'none'] },
  },
} as const;

const nullableNumber = { type: ['number', 'null'] } as const;

export const JOB_VIEW_SCHEMA = {
  $id: 'Job',
  type: 'object',
  properties: {
    jobId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['queued', 'processing', 'completed', 'failed', 'cancelled'] },
    progress: { type: 'number' },
    fps: nullableNumber,
    etaSeconds: nullableNumber,
    framesDone: { type: ['integer', 'null'] },
    framesTotal: { type: ['integer', 'null'] },
    cancelRequested: { type: 'boolean' },
    error: {
      type: ['object', 'null'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    output: {
      type: ['object', 'null'],
      properties: {
        size: { type: 'integer', description: 'Bytes.' },
        duration: { type: 'number', description: 'Seconds.' },
        downloadUrl: { type: 'string' },
      },
    },
    externalId: { type: ['string', 'null'] },
    source: {
      type: 'object',
      properties: { kind: { type: 'string', enum: ['upload', 'url'] }, url: { type: 'string' } },
    },
    options: { type: 'object', additionalProperties: true },
    attempts: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: ['string', 'null'], format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
  required: ['jobId', 'status', 'progress', 'error', 'output', 'createdAt'],
} as const;

export const jobRef = { $ref: 'Job#' } as const;

export const JOB_ID_PARAMS = {
  type: 'object',
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'The job id, or the external id the client gave (ECG jobId).',
    },
  },
  required: ['id'],
} as const;
