/** A worker process as it registered itself; last_seen_at tells whether it is still alive. */
export interface Worker {
  id: string;
  hostname: string;
  mode: string;
  capabilities: Record<string, unknown>;
  startedAt: Date;
  lastSeenAt: Date;
  activeJobs: number;
}
