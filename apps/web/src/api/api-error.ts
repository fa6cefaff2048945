/**
 * An error the API answered with (problem+json: a stable `code`, a message, and facts such as the
 * JSON path of a bad scenario field), or a request that never got an answer (`NETWORK_ERROR`).
 * The UI branches on `code`, never on the message.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** JSON path (`$.cues[0].root`) or request field (`options.fps`) the error is about. */
  readonly path: string | null;
  readonly details: Record<string, unknown>;

  constructor(input: {
    status: number;
    code: string;
    message: string;
    path?: string | null;
    details?: Record<string, unknown>;
  }) {
    super(input.message);
    this.name = 'ApiError';
    this.status = input.status;
    this.code = input.code;
    this.path = input.path ?? null;
    this.details = input.details ?? {};
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an error response body. The API sends RFC 9457 problems with `code` and `details`; a proxy
 * in front of it may send HTML or nothing, which still becomes a coded error (`HTTP_<status>`).
 */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  if (isRecord(body) && typeof body['code'] === 'string') {
    const details = isRecord(body['details']) ? body['details'] : {};
    const path =
      typeof details['path'] === 'string'
        ? details['path']
        : typeof details['field'] === 'string'
          ? details['field']
          : null;
    const message =
      typeof body['detail'] === 'string'
        ? body['detail']
        : typeof body['title'] === 'string'
          ? body['title']
          : `HTTP ${status}`;
    return new ApiError({ status, code: body['code'], message, path, details });
  }
  return new ApiError({
    status,
    code: `HTTP_${status}`,
    message: typeof body === 'string' && body.trim() !== '' ? body.slice(0, 300) : `HTTP ${status}`,
  });
}
