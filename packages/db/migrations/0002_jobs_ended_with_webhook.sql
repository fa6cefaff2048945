-- Recently ended jobs that have a webhook, in the order the reconciler scans them for an ending
-- event that was never recorded (findEndedJobsWithoutEvent). Partial: the scan never reads the
-- jobs without a webhook, nor the ones still running.
CREATE INDEX jobs_ended_with_webhook ON jobs (finished_at, seq)
  WHERE webhook_url IS NOT NULL AND state IN ('completed', 'failed', 'cancelled');
