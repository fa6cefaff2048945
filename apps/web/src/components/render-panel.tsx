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
          <SelectField
            id={`${id}-res`}
            label="Resolution"
            value={form.resolution}
            options={RESOLUTIONS}
            onChange={(value) => set('resolution', value)}
          />
          {form.resolution === 'custom' && (
            <>
              <NumberField
                id={`${id}-w`}
                label="Width (px)"
                value={form.customWidth}
                problem={problem('customWidth')?.message}
                onChange={(value) => set('customWidth', value)}
              />
              <NumberField
                id={`${id}-h`}
                label="Height (px)"
                value={form.customHeight}
                problem={problem('customHeight')?.message}
                onChange={(value) => set('customHeight', value)}
              />
            </>
          )}
          <SelectField
            id={`${id}-fps`}
            label="Frame rate"
            value={form.fps}
            options={FRAME_RATES}
            onChange={(value) => set('fps', value)}
          />
          <SelectField
            id={`${id}-enc`}
            label="Encoder"
            value={form.encoder}
            options={ENCODERS}
            // Speed presets differ per encoder: back to the quality's own.
            onChange={(encoder) => onForm({ ...form, encoder, preset: 'default' })}
          />
          <SelectField
            id={`${id}-q`}
            label="Quality"
            value={form.quality}
            options={QUALITIES}
            onChange={(value) => set('quality', value)}
          />
          <SelectField
            id={`${id}-fmt`}
            label="Format"
            value={form.format}
            options={FORMATS}
            onChange={(value) => set('format', value)}
          />
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

/** A labelled select over `{id, label}` options whose ids are the values. */
function SelectField<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  options: readonly { id: T; label: string }[];
  onChange: (value: T) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A labelled whole-pixel input (even steps), with its problem shown and announced. */
function NumberField(props: {
  id: string;
  label: string;
  value: string;
  problem: string | undefined;
  onChange: (value: string) => void;
}) {
  const errorId = `${props.id}-err`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={16}
        step={2}
        inputMode="numeric"
        value={props.value}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? errorId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem && (
        <p id={errorId} className="error-text">
          {props.problem}
        </p>
      )}
    </div>
  );
}
