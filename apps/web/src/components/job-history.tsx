import { useCallback, useEffect, useId, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import { JOB_STATES, type JobState, type JobView } from '../api/types.js';
import { formatSize, stateLabel } from './job-progress.js';

export interface JobHistoryProps {
  client: ApiClient;
  /** Changes whenever the studio learns something that should show here (a new job, a state). */
  refreshKey: unknown;
  activeJobId: string | null;
  onWatch: (job: JobView) => void;
  onDownload: (job: JobView) => void;
  onDeleted: (jobId: string) => void;
  announce: (message: string) => void;
}

/** Every job this key can see, newest first: state, progress, errors, and what can be done. */
export function JobHistory(props: JobHistoryProps) {
  const { client } = props;
  const id = useId();
  const [filter, setFilter] = useState<JobState | ''>('');
  const [jobs, setJobs] = useState<JobView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const load = useCallback(
    async (more: string | null) => {
      setLoading(true);
      try {
        const page = await client.listJobs({
          ...(filter !== '' && { states: [filter] }),
          limit: 20,
          cursor: more,
        });
        setJobs((previous) => (more ? [...previous, ...page.jobs] : page.jobs));
        setCursor(page.nextCursor);
        setError(null);
      } catch (caught) {
        setError(caught as ApiError);
      } finally {
        setLoading(false);
      }
    },
    [client, filter],
  );

  useEffect(() => {
    void load(null);
  }, [load, props.refreshKey]);

  const act = async (job: JobView, action: 'cancel' | 'delete') => {
    try {
      if (action === 'cancel') {
        await client.cancelJob(job.jobId);
        props.announce(`Cancel requested for job ${job.jobId.slice(0, 8)}`);
      } else {
        await client.deleteJob(job.jobId);
        props.onDeleted(job.jobId);
        props.announce(`Job ${job.jobId.slice(0, 8)} deleted`);
      }
      setConfirming(null);
      await load(null);
    } catch (caught) {
      setError(caught as ApiError);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Jobs</h2>
        <div className="field inline">
          <label htmlFor={`${id}-filter`}>State</label>
          <select
            id={`${id}-filter`}
            value={filter}
            onChange={(event) => setFilter(event.target.value as JobState | '')}
          >
            <option value="">All</option>
            {JOB_STATES.map((state) => (
              <option key={state} value={state}>
                {state}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => void load(null)} disabled={loading}>
          Refresh
        </button>
      </div>
      <div role="alert">
        {error && (
          <p className="error-text">
            <span className="issue-code">{error.code}</span> {error.message}
          </p>
        )}
      </div>
      {jobs.length === 0 && !loading && !error && <p className="hint">No jobs yet.</p>}
      {jobs.length > 0 && (
        <div className="table-wrap">
          <table className="jobs" data-testid="job-history">
            <caption className="sr-only">Render jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">Progress</th>
                <th scope="col">Result</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => {
                const active = job.status === 'queued' || job.status === 'processing';
                return (
                  <tr
                    key={job.jobId}
                    aria-current={job.jobId === props.activeJobId ? 'true' : undefined}
                  >
                    <th scope="row" className="mono" title={job.jobId}>
                      {job.jobId.slice(0, 8)}
                    </th>
                    <td>
                      <time dateTime={job.createdAt}>
                        {new Date(job.createdAt).toLocaleString()}
                      </time>
                    </td>
                    <td>
                      <span className={`badge badge-${job.status}`}>{stateLabel(job)}</span>
                    </td>
                    <td>{Math.round(job.progress)}%</td>
                    <td>
                      {job.error ? (
                        <span title={job.error.message}>
                          <span className="issue-code">{job.error.code}</span>
                        </span>
                      ) : job.output ? (
                        formatSize(job.output.size)
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        onClick={() => props.onWatch(job)}
                        aria-label={`Show job ${job.jobId.slice(0, 8)}`}
                      >
                        Show
                      </button>
                      {job.status === 'completed' && (
                        <button
                          type="button"
                          onClick={() => props.onDownload(job)}
                          aria-label={`Download job ${job.jobId.slice(0, 8)}`}
                        >
                          Download
                        </button>
                      )}
                      {active && (
                        <button
                          type="button"
                          onClick={() => void act(job, 'cancel')}
                          aria-label={`Cancel job ${job.jobId.slice(0, 8)}`}
                        >
                          Cancel
                        </button>
                      )}
                      {confirming === job.jobId ? (
                        <>
                          <button
                            type="button"
                            className="danger"
                            onClick={() => void act(job, 'delete')}
                            aria-label={`Confirm deleting job ${job.jobId.slice(0, 8)} and its video`}
                          >
                            Confirm delete
                          </button>
                          <button type="button" onClick={() => setConfirming(null)}>
                            Keep
                          </button>
                        </>
                      ) : (
                        <button
                          type="button"
                          onClick={() => setConfirming(job.jobId)}
                          aria-label={`Delete job ${job.jobId.slice(0, 8)}`}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" onClick={() => void load(cursor)} disabled={loading}>
          Load more
        </button>
      )}
    </section>
  );
}
