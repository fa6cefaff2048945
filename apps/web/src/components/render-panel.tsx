import { useId } from 'react';
import type { ApiError } from '../api/api-error.js';
import type { JobView } from '../api/types.js';
import { formatFrameRate } from '../preview/frame-math.js';
import {
  ENCODERS,
  FORMATS,
  FRAME_RATES,
  QUALITIES,
  RESOLUTIONS,
  presetsFor,
  type FormProblem,
  type PreviewTiming,
  type RenderForm,
  type Size,
} from '../render/render-form.js';
import { JobProgress } from './job-progress.js';
import type { LoadThumbnail } from './job-thumbnail.js';

export interface RenderPanelProps {
  form: RenderForm;
  onForm: (form: RenderForm) => void;
  size: Size | null;
  timing: PreviewTiming;
  formProblems: FormProblem[];
  /** Why the render cannot start yet (no video, captions with errors), or null. */
  blocked: string | null;
  onStart: () => void;
  /** 0..1 while the video uploads, null otherwise. */
  upload: number | null;
  onCancelUpload: () => void;
  submitError: ApiError | null;
  job: JobView | null;
  jobBusy: boolean;
  onCancelJob: () => void;
  onDownload: () => void;
  downloadHref: string | null;
  onDownloadCaptions?: (format: 'srt' | 'vtt') => void;
  loadThumbnail?: LoadThumbnail;
}

/** Step 3: output options, start, upload and render progress, cancel, download. */
export function RenderPanel(props: RenderPanelProps) {
  const { form, onForm } = props;
  const id = useId();
  const set = <K extends keyof RenderForm>(key: K, value: RenderForm[K]) =>
    onForm({ ...form, [key]: value });
  const problem = (field: keyof RenderForm) => props.formProblems.find((p) => p.field === field);
  const uploading = props.upload !== null;

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>3. Render</h2>
      <form
        className="render-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onStart();
        }}
      >
        <div className="grid-fields">
          <div className="field">
            <label htmlFor={`${id}-res`}>Resolution</label>
            <select
              id={`${id}-res`}
              value={form.resolution}
              onChange={(event) =>
                set('resolution', event.target.value as RenderForm['resolution'])
              }
            >
              {RESOLUTIONS.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          {form.resolution === 'custom' && (
            <>
              <div className="field">
                <label htmlFor={`${id}-w`}>Width (px)</label>
                <input
                  id={`${id}-w`}
                  type="number"
                  min={16}
                  step={2}
                  inputMode="numeric"
                  value={form.customWidth}
                  aria-invalid={problem('customWidth') ? true : undefined}
                  aria-describedby={problem('customWidth') ? `${id}-w-err` : undefined}
                  onChange={(event) => set('customWidth', event.target.value)}
                />
                {problem('customWidth') && (
                  <p id={`${id}-w-err`} className="error-text">
                    {problem('customWidth')!.message}
                  </p>
                )}
              </div>
              <div className="field">
                <label htmlFor={`${id}-h`}>Height (px)</label>
                <input
                  id={`${id}-h`}
                  type="number"
                  min={16}
                  step={2}
                  inputMode="numeric"
                  value={form.customHeight}
                  aria-invalid={problem('customHeight') ? true : undefined}
                  aria-describedby={problem('customHeight') ? `${id}-h-err` : undefined}
                  onChange={(event) => set('customHeight', event.target.value)}
                />
                {problem('customHeight') && (
                  <p id={`${id}-h-err`} className="error-text">
                    {problem('customHeight')!.message}
                  </p>
                )}
              </div>
            </>
          )}
          <div className="field">
            <label htmlFor={`${id}-fps`}>Frame rate</label>
            <select
              id={`${id}-fps`}
              value={form.fps}
              onChange={(event) => set('fps', event.target.value as RenderForm['fps'])}
            >
              {FRAME_RATES.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-enc`}>Encoder</label>
            <select
              id={`${id}-enc`}
              value={form.encoder}
              onChange={(event) =>
                onForm({
                  ...form,
                  encoder: event.target.value as RenderForm['encoder'],
                  preset: 'default',
                })
              }
            >
              {ENCODERS.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-q`}>Quality</label>
            <select
              id={`${id}-q`}
              value={form.quality}
              onChange={(event) => set('quality', event.target.value as RenderForm['quality'])}
            >
              {QUALITIES.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-fmt`}>Format</label>
            <select
              id={`${id}-fmt`}
              value={form.format}
              onChange={(event) => set('format', event.target.value as RenderForm['format'])}
            >
              {FORMATS.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-preset`}>Speed preset</label>
            <select
              id={`${id}-preset`}
              value={presetsFor(form.encoder).includes(form.preset) ? form.preset : 'default'}
              disabled={presetsFor(form.encoder).length === 0}
              aria-describedby={`${id}-preset-help`}
              onChange={(event) => set('preset', event.target.value)}
            >
              <option value="default">Quality's default</option>
              {presetsFor(form.encoder).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
            <span id={`${id}-preset-help`} className="hint small">
              {presetsFor(form.encoder).length === 0
                ? 'Pick an encoder to choose its speed.'
                : 'Faster makes larger files.'}
            </span>
          </div>
        </div>
        <p className="facts" data-testid="output-summary">
          Output: {props.size ? `${props.size.width}×${props.size.height}` : 'size of the source'}{' '}
          at {formatFrameRate(props.timing.fps)} fps ({props.timing.from})
        </p>
        {props.formProblems
          .filter((p) => p.field === 'resolution' || p.field === 'preset')
          .map((p) => (
            <p key={p.field} className="error-text">
              {p.message}
            </p>
          ))}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={props.blocked !== null || uploading}
            aria-describedby={props.blocked ? `${id}-blocked` : undefined}
          >
            Start render
          </button>
          {uploading && (
            <button type="button" onClick={props.onCancelUpload}>
              Cancel upload
            </button>
          )}
        </div>
        {props.blocked && (
          <p id={`${id}-blocked`} className="hint">
            {props.blocked}
          </p>
        )}
      </form>
      {uploading && (
        <label className="progress-label">
          Uploading video: {Math.round((props.upload ?? 0) * 100)}%
          <progress max={1} value={props.upload ?? 0} data-testid="upload-progress" />
        </label>
      )}
      <div role="alert">
        {props.submitError && (
          <p className="error-text" data-testid="submit-error">
            <span className="issue-code">{props.submitError.code}</span>
            {props.submitError.path && (
              <>
                {' '}
                at <code className="issue-path">{props.submitError.path}</code>
              </>
            )}{' '}
            {props.submitError.message}
          </p>
        )}
      </div>
      {props.job && (
        <JobProgress
          job={props.job}
          busy={props.jobBusy}
          onCancel={props.onCancelJob}
          onDownload={props.onDownload}
          downloadHref={props.downloadHref}
          {...(props.onDownloadCaptions ? { onDownloadCaptions: props.onDownloadCaptions } : {})}
          {...(props.loadThumbnail ? { loadThumbnail: props.loadThumbnail } : {})}
        />
      )}
    </section>
  );
}
