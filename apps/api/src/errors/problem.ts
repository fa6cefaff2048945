import type { ErrorCode } from '@ecg-render/errors';

/** An RFC 9457 problem document, with ECG Render's stable `code` and structured `details`. */
export interface Problem {
  /** `urn:ecg-render:error:<CODE>`: stable, and needs no server to dereference. */
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  details: Record<string, unknown>;
  instance?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
