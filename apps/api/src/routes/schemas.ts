// JSON schemas shared by routes: they validate requests, shape responses and make the OpenAPI
// document. Nullable fields use type arrays (OpenAPI 3.1).

import { OUTPUT_FORMATS, QUALITY_PRESETS } from '@ecg-render/jobs';

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

/**
 * Output options of a JSON render request: exactly what packages/jobs' parseRenderJobOptions
 * accepts (and the multipart route, which has no body schema, takes), so the contract documented
 * here is the one the worker renders with. Values are checked there (INVALID_OPTIONS names the
 * field); quality and format match case-insensitively, as the ECG backend sends them.
 */
export const RENDER_OPTIONS_SCHEMA = {
  type: 'object',
  description: 'Output options. Defaults: source size and rate, quality medium, encoder auto, mp4.',
  additionalProperties: false,
  properties: {
    width: { type: 'integer', description: 'Even, with height.' },
    height: { type: 'integer', description: 'Even, with width.' },
    fps: {
      type: ['number', 'string'],
      description: 'Output frame rate: a number (30, 29.97) or text ("30", "29.97", "30000/1001").',
    },
    encoder: { type: 'string', enum: ['auto', 'libx264', 'libx265', 'h264_nvenc', 'hevc_nvenc'] },
    quality: {
      type: ['string', 'number'],
      description:
        `${Object.keys(QUALITY_PRESETS).join(' | ')} (default medium), or a score 0-100: ` +
        'below 40 low, below 70 medium, below 90 high, else ultra (never lossless).',
    },
    crf: { type: 'integer', minimum: 0, maximum: 51, description: "Overrides the quality's." },
    preset: {
      type: 'string',
      description: "Encoder speed preset (x264/x265 names, NVENC p1-p7); overrides the quality's.",
    },
    format: { type: 'string', description: `${OUTPUT_FORMATS.join(' | ')} (default mp4).` },
    seed: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description:
        'Seed of the render page’s deterministic randomness (plugins using Math.random).',
    },
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
