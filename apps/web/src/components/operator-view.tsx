import { useCallback, useEffect, useId, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { ApiError } from '../api/api-error.js';
import { parsePrometheusText, sumBy, type MetricSample } from '../api/parse-prometheus-text.js';
import { describeCapabilities } from '../api/describe-capabilities.js';
import type { JobView, WorkerView } from '../api/types.js';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** The operator's page: workers and what they can do, the queue, failures by code, links. */
export function OperatorView(props: { client: ApiClient }) {
  const { client } = props;
  const id = useId();
  const [workers, setWorkers] = useState<WorkerView[] | null>(null);
  const [samples, setSamples] = useState<MetricSample[] | null>(null);
  const [failed, setFailed] = useState<JobView[] | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [updated, setUpdated] = useState<Date | null>(null);

  const refresh = useCallback(async () => {
    const problems: string[] = [];
    const note = (what: string) => (error: unknown) => {
      const e = error as ApiError;
      problems.push(`${what}: ${e.code ?? ''} ${e.message}`);
      return null;
    };
    const [w, m, f] = await Promise.all([
      client.workers().catch(note('Workers')),
      client.metrics().catch(note('Metrics')),
      client.listJobs({ states: ['failed'], limit: 50 }).catch(note('Failed jobs')),
    ]);
    setWorkers(w);
    setSamples(m === null ? null : parsePrometheusText(m));
    setFailed(f?.jobs ?? null);
    setErrors(problems);
    setUpdated(new Date());
  }, [client]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 10_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const byState = samples ? sumBy(samples, 'ecg_render_jobs', 'state') : null;
  // Queue depth, one row per queue (standalone mode has in-process queues; the same metric).
  let queue: Map<string, Record<string, number>> | null = null;
  if (samples) {
    queue = new Map();
    for (const sample of samples) {
      if (sample.name !== 'ecg_render_queue_jobs') continue;
      const name = sample.labels['queue'] ?? '';
      const row = queue.get(name) ?? {};
      row[sample.labels['state'] ?? ''] = sample.value;
      queue.set(name, row);
    }
  }
  const failuresByCode = new Map<string, { count: number; last: JobView | null }>();
  if (samples) {
    for (const [code, count] of Object.entries(sumBy(samples, 'ecg_render_job_failures', 'code')))
      if (count > 0) failuresByCode.set(code, { count, last: null });
  }
  for (const job of failed ?? []) {
    const code = job.error?.code ?? 'UNKNOWN';
    const entry = failuresByCode.get(code) ?? { count: 0, last: null };
    if (!samples) entry.count += 1;
    entry.last ??= job;
    failuresByCode.set(code, entry);
  }

  return (
    <div className="operator">
      <section className="panel" aria-labelledby={`${id}-links`}>
        <div className="panel-head">
          <h2 id={`${id}-links`}>Operations</h2>
          <button type="button" onClick={() => void refresh()}>
            Refresh
          </button>
        </div>
        <ul className="links">
          <li>
            <a href={`${client.baseUrl}/admin/queues`} target="_blank" rel="noreferrer">
              Queue dashboard (/admin/queues)
            </a>{' '}
            <span className="hint small">distributed mode, with dashboard credentials</span>
          </li>
          <li>
            <a href={`${client.baseUrl}/metrics`} target="_blank" rel="noreferrer">
              Prometheus metrics (/metrics)
            </a>
          </li>
          <li>
            <a href={`${client.baseUrl}/docs`} target="_blank" rel="noreferrer">
              API documentation (/docs)
            </a>
          </li>
        </ul>
        {updated && (
          <p className="hint">Updated {updated.toLocaleTimeString()}; refreshes every 10 s.</p>
        )}
        <div role="alert">
          {errors.map((message) => (
            <p key={message} className="error-text">
              {message}
            </p>
          ))}
        </div>
      </section>

      <section className="panel" aria-labelledby={`${id}-workers`}>
        <h2 id={`${id}-workers`}>Workers</h2>
        {workers && workers.length === 0 && <p className="hint">No worker has registered.</p>}
        {workers && workers.length > 0 && (
          <div className="table-wrap">
            <table data-testid="workers">
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">State</th>
                  <th scope="col">Jobs</th>
                  <th scope="col">GPU</th>
                  <th scope="col">Encoders that work</th>
                  <th scope="col">CUDA</th>
                  <th scope="col">Speed</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {workers.map((worker) => {
                  const caps = describeCapabilities(worker.capabilities);
                  return (
                    <tr key={worker.id}>
                      <th scope="row">
                        {worker.hostname}{' '}
                        <span className="hint mono">{worker.id.slice(0, 12)}</span>
                        <div className="hint">{worker.mode}</div>
                      </th>
                      <td>
                        <span
                          className={`badge ${worker.alive ? 'badge-completed' : 'badge-failed'}`}
                        >
                          {worker.alive ? 'alive' : 'silent'}
                        </span>
                      </td>
                      <td>{worker.activeJobs}</td>
                      <td>{caps.gpu}</td>
                      <td>{caps.encoders.join(', ') || 'none'}</td>
                      <td>{caps.cuda}</td>
                      <td>{caps.speed ?? '—'}</td>
                      <td>
                        <time dateTime={worker.lastSeenAt}>
                          {new Date(worker.lastSeenAt).toLocaleTimeString()}
                        </time>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-queue`}>
        <h2 id={`${id}-queue`}>Queue and jobs</h2>
        {byState && (
          <dl className="stats" data-testid="jobs-by-state">
            {Object.entries(byState).map(([state, count]) => (
              <div key={state}>
                <dt>{state}</dt>
                <dd>{count}</dd>
              </div>
            ))}
          </dl>
        )}
        {queue && queue.size > 0 && (
          <div className="table-wrap">
            <table data-testid="queues">
              <caption className="sr-only">Queue depth by queue and state</caption>
              <thead>
                <tr>
                  <th scope="col">Queue</th>
                  {QUEUE_STATES.map((state) => (
                    <th scope="col" key={state}>
                      {state}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[...queue.entries()].map(([name, depth]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    {QUEUE_STATES.map((state) => (
                      <td key={state}>{depth[state] ?? 0}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-failures`}>
        <h2 id={`${id}-failures`}>Failures by code</h2>
        {failuresByCode.size === 0 && <p className="hint">No failed jobs.</p>}
        {failuresByCode.size > 0 && (
          <div className="table-wrap">
            <table data-testid="failures">
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Jobs</th>
                  <th scope="col">Most recent</th>
                </tr>
              </thead>
              <tbody>
                {[...failuresByCode.entries()]
                  .sort((a, b) => b[1].count - a[1].count)
                  .map(([code, entry]) => (
                    <tr key={code}>
                      <th scope="row">
                        <span className="issue-code">{code}</span>
                      </th>
                      <td>{entry.count}</td>
                      <td>
                        {entry.last
                          ? `${new Date(entry.last.finishedAt ?? entry.last.updatedAt).toLocaleString()}: ${entry.last.error?.message ?? ''}`
                          : '—'}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
