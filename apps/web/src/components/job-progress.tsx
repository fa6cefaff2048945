import type { JobView } from '../api/types.js';
import { formatTime } from '../preview/frame-math.js';
import { JobThumbnail, type LoadThumbnail } from './job-thumbnail.js';

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m} min ${s} s`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const STATE_LABELS: Record<JobView['status'], string> = {
  queued: 'Queued',
  processing: 'Rendering',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function stateLabel(job: JobView): string {
  if (job.cancelRequested && (job.status === 'queued' || job.status === 'processing'))
    return 'Cancelling';
  return STATE_LABELS[job.status];
}

const CAPTION_FORMATS = [
  ['srt', 'SRT'],
  ['vtt', 'WebVTT'],
] as const;

/** Live state of one job: progress bar, %, render speed, time left, frames, errors. */
export function JobProgress(props: {
  job: JobView;
  onCancel: () => void;
  onDownload: () => void;
  downloadHref: string | null;
  /** The captions as an accessibility sidecar, for any job (they come from its scenario). */
  onDownloadCaptions?: (format: 'srt' | 'vtt') => void;
  busy: boolean;
  loadThumbnail?: LoadThumbnail;
}) {
  const { job } = props;
  const active = job.status === 'queued' || job.status === 'processing';
  const percent = Math.round(job.progress * 10) / 10;
  return (
    <div className="job-progress" data-testid="job-progress" data-status={job.status}>
      <p className="job-line">
        <span className={`badge badge-${job.status}`} data-testid="job-status">
          {stateLabel(job)}
        </span>{' '}
        <span className="mono" title={job.jobId}>
          {job.jobId.slice(0, 8)}
        </span>
      </p>
      <label className="progress-label">
        Render progress
        <progress
          max={100}
          value={job.status === 'queued' ? undefined : job.progress}
          data-testid="job-progress-bar"
        />
      </label>
      <dl className="stats">
        <div>
          <dt>Done</dt>
          <dd data-testid="job-percent">{percent.toFixed(1)}%</dd>
        </div>
        <div>
          <dt>Speed</dt>
          <dd>{job.fps !== null ? `${job.fps.toFixed(1)} fps` : '—'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{active ? formatEta(job.etaSeconds) : '—'}</dd>
        </div>
        <div>
          <dt>Frames</dt>
          <dd>
            {job.framesDone ?? 0}
            {job.framesTotal !== null ? ` / ${job.framesTotal}` : ''}
          </dd>
        </div>
      </dl>
      {props.loadThumbnail && <JobThumbnail job={job} load={props.loadThumbnail} />}
      {job.error && (
        <p className="error-text" data-testid="job-error">
          <span className="issue-code">{job.error.code}</span> {job.error.message}
        </p>
      )}
      {job.output && (
        <p className="ok-text">
          Output: {formatSize(job.output.size)}, {formatTime(job.output.duration)}
        </p>
      )}
      <div className="actions">
        {active && (
          <button
            type="button"
            onClick={props.onCancel}
            disabled={props.busy || job.cancelRequested}
          >
            Cancel render
          </button>
        )}
        {job.status === 'completed' &&
          (props.downloadHref ? (
            <a
              className="button primary"
              href={props.downloadHref}
              download
              data-testid="download-link"
            >
              Download video
            </a>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={props.onDownload}
              data-testid="download-link"
            >
              Download video
            </button>
          ))}
        {props.onDownloadCaptions &&
          CAPTION_FORMATS.map(([format, label]) => (
            <button
              key={format}
              type="button"
              onClick={() => props.onDownloadCaptions?.(format)}
              data-testid={`captions-${format}`}
            >
              Captions ({label})
            </button>
          ))}
      </div>
    </div>
  );
}
