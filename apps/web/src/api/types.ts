// The API's public contract as the studio reads it (apps/api/src/routes/schemas.ts documents it in
// OpenAPI). Declared here rather than imported, so the browser build depends on the HTTP contract,
// not on server code.

export const JOB_STATES = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobView {
  jobId: string;
  status: JobState;
  /** 0-100. */
  progress: number;
  fps: number | null;
  etaSeconds: number | null;
  framesDone: number | null;
  framesTotal: number | null;
  cancelRequested: boolean;
  error: { code: string; message: string } | null;
  output: { size: number; duration: number; downloadUrl: string } | null;
  externalId: string | null;
  options: Record<string, unknown>;
  attempts: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface JobPage {
  jobs: JobView[];
  nextCursor: string | null;
}

export interface CreatedJob {
  jobId: string;
  status: JobState;
  warnings: { code: string; message: string; path?: string }[];
}

export interface WorkerView {
  id: string;
  hostname: string;
  mode: string;
  capabilities: Record<string, unknown>;
  activeJobs: number;
  startedAt: string;
  lastSeenAt: string;
  alive: boolean;
}

export interface RegistryPlugin {
  name: string;
  version: string;
  sha256: string;
  size?: number;
  builtin: boolean;
  createdAt: string | null;
}

export function isFinalState(state: JobState): boolean {
  return state === 'completed' || state === 'failed' || state === 'cancelled';
}
