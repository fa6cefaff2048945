import {
  EcgError,
  ERROR_CODES,
  INFRASTRUCTURE_CODES,
  isEcgError,
  publicMessage,
  type ErrorCode,
} from '@ecg-render/errors';
import type { Problem } from './problem.js';

/** What Fastify and its plugins attach to the errors they throw. */
interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[];
  validationContext?: string;
}

/**
 * Translates anything a handler or the framework threw into an EcgError with a registry code, so
 * every response, including Fastify's own refusals (schema, body size, content type), carries a
 * stable code. Unknown errors become INTERNAL; their message stays in the log, not the response.
 */
export function toApiError(error: unknown): { error: EcgError; internal: boolean } {
  if (isEcgError(error)) return { error, internal: false };
  const framework = (error ?? {}) as FrameworkError;
  const message = error instanceof Error ? error.message : String(error);
  if (Array.isArray(framework.validation)) {
    const context = framework.validationContext ?? 'body';
    const issues = framework.validation.map((issue) => {
      const missing = issue.params?.['missingProperty'];
      const extra = issue.params?.['additionalProperty'];
      // Body fields are named as clients write them (`videoUrl`, `options.width`); others keep
      // where they came from (`querystring.state`).
      const segments = [
        ...(context === 'body' ? [] : [context]),
        ...(issue.instancePath ?? '').split('/').filter((s) => s !== ''),
        ...(typeof missing === 'string' ? [missing] : []),
        ...(typeof extra === 'string' ? [extra] : []),
      ];
      return { field: segments.join('.'), message: issue.message ?? 'is invalid' };
    });
    const first = issues[0] ?? { field: context, message: 'is invalid' };
    if (first.field === '') first.field = context;
    const code: ErrorCode = first.field.startsWith('options.')
      ? 'INVALID_OPTIONS'
      : 'INVALID_REQUEST';
    return {
      error: new EcgError(code, `${first.field} ${first.message}`, {
        details: { field: first.field, issues },
      }),
      internal: false,
    };
  }
  switch (framework.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return {
        error: new EcgError('PAYLOAD_TOO_LARGE', message, { cause: error }),
        internal: false,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        error: new EcgError('UNSUPPORTED_CONTENT_TYPE', message, { cause: error }),
        internal: false,
      };
    default:
      break;
  }
  const status = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  if (status === 413) {
    return { error: new EcgError('PAYLOAD_TOO_LARGE', message, { cause: error }), internal: false };
  }
  if (status >= 400 && status < 500) {
    // Malformed JSON, empty bodies, bad multipart framing: the client's request is at fault.
    return { error: new EcgError('INVALID_REQUEST', message, { cause: error }), internal: false };
  }
  return { error: new EcgError('INTERNAL', 'Internal error', { cause: error }), internal: true };
}

/**
 * The problem document for an error (see toApiError). For INFRASTRUCTURE_CODES the detail is the
 * registry's title and `details` is empty: their messages name hosts, ports and paths, which
 * belong in the log (the caller logs them), not in a response.
 */
export function toProblem(error: EcgError, instance?: string): Problem {
  const entry = ERROR_CODES[error.code];
  const hidden = INFRASTRUCTURE_CODES.has(error.code);
  return {
    type: `urn:ecg-render:error:${error.code}`,
    title: entry.title,
    status: entry.status,
    detail: publicMessage(error),
    code: error.code,
    details: hidden ? {} : error.details,
    ...(instance !== undefined && { instance }),
  };
}
