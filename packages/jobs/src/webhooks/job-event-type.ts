/** What a job tells its webhook: progress while it runs, and how it ended. */
export type JobEventType = 'progress' | 'completed' | 'failed' | 'cancelled';
