import { presetNames, type PresetName } from '@ecg-render/scenario';
import { useId, useState, type ChangeEvent, type DragEvent } from 'react';
import type { CaptionSource, LoadedCaptions } from '../captions/load-captions.js';
import type { LoadedVideo } from '../state/load-video-facts.js';
import { formatFrameRate } from '../preview/frame-math.js';
import { CaptionIssues } from './caption-issues.js';

const SUBTITLE_ACCEPT = '.srt,.vtt,.ass,.ssa,.json,text/vtt,application/x-subrip';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** The first file of a drop, or null when the drop held none. */
function droppedFile(event: DragEvent): File | null {
  event.preventDefault();
  return event.dataTransfer.files[0] ?? null;
}

export interface UploadPanelProps {
  video: LoadedVideo | null;
  videoBusy: boolean;
  onVideo: (file: File) => void;
  captionSource: CaptionSource | null;
  onCaptionSource: (source: CaptionSource | null) => void;
  captions: LoadedCaptions | null;
}

/** Step 1: the video and the captions (scenario JSON, or a subtitle file and a preset). */
export function UploadPanel(props: UploadPanelProps) {
  const { video, captionSource, captions } = props;
  const id = useId();
  const [dragging, setDragging] = useState<'video' | 'captions' | null>(null);
  const kind = captionSource?.kind ?? 'scenario';
  const preset: PresetName = captionSource?.kind === 'subtitles' ? captionSource.preset : 'clean';

  const setKind = (next: 'scenario' | 'subtitles') => {
    if (next === kind) return;
    props.onCaptionSource(
      next === 'scenario'
        ? { kind: 'scenario', text: '', filename: null }
        : { kind: 'subtitles', text: '', filename: null, preset },
    );
  };

  const setText = (text: string, filename: string | null) =>
    props.onCaptionSource(
      kind === 'scenario'
        ? { kind: 'scenario', text, filename }
        : { kind: 'subtitles', text, filename, preset },
    );

  const readCaptionFile = async (file: File) => {
    const text = await file.text();
    // A subtitle extension switches the input kind: what was dropped decides.
    const isSubtitles = /\.(srt|vtt|ass|ssa)$/i.test(file.name);
    if (isSubtitles || kind === 'subtitles') {
      props.onCaptionSource({ kind: 'subtitles', text, filename: file.name, preset });
    } else {
      props.onCaptionSource({ kind: 'scenario', text, filename: file.name });
    }
  };

  const onVideoInput = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) props.onVideo(file);
  };
  const onCaptionInput = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) void readCaptionFile(file);
  };

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>1. Video and captions</h2>

      <div
        className={`drop-zone${dragging === 'video' ? ' drop-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging('video');
        }}
        onDragLeave={() => setDragging(null)}
        onDrop={(event) => {
          setDragging(null);
          const file = droppedFile(event);
          if (file) props.onVideo(file);
        }}
        data-testid="video-drop"
      >
        <label htmlFor={`${id}-video`} className="field-label">
          Video file
        </label>
        <input
          id={`${id}-video`}
          type="file"
          accept="video/*,.mp4,.mov,.mkv,.webm"
          onChange={onVideoInput}
          aria-describedby={`${id}-video-help`}
        />
        <p id={`${id}-video-help`} className="hint">
          Choose a file or drop it here. It stays in this browser until you start a render.
        </p>
        {props.videoBusy && <p className="hint">Reading the video…</p>}
        {video && (
          <p className="facts" data-testid="video-facts">
            <strong>{video.file.name}</strong> · {formatBytes(video.file.size)}
            {video.width > 0 && (
              <>
                {' '}
                · {video.width}×{video.height} · {video.durationSec.toFixed(2)} s
              </>
            )}
            {video.rate && (
              <>
                {' '}
                · {formatFrameRate(video.rate.fps)} fps
                {video.rate.variable ? ' (variable, average)' : ''}
              </>
            )}
          </p>
        )}
        {video?.playError && (
          <p className="warning-text" role="status">
            {video.playError}
          </p>
        )}
      </div>

      <fieldset className="choice">
        <legend>Captions from</legend>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            value="scenario"
            checked={kind === 'scenario'}
            onChange={() => setKind('scenario')}
          />{' '}
          MotionText scenario (JSON)
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-kind`}
            value="subtitles"
            checked={kind === 'subtitles'}
            onChange={() => setKind('subtitles')}
          />{' '}
          Subtitle file (SRT, WebVTT, ASS, word-timed JSON)
        </label>
      </fieldset>

      <div
        className={`drop-zone${dragging === 'captions' ? ' drop-active' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging('captions');
        }}
        onDragLeave={() => setDragging(null)}
        onDrop={(event) => {
          setDragging(null);
          const file = droppedFile(event);
          if (file) void readCaptionFile(file);
        }}
      >
        <label htmlFor={`${id}-captions-file`} className="field-label">
          {kind === 'scenario' ? 'Scenario file' : 'Subtitle file'}
        </label>
        <input
          id={`${id}-captions-file`}
          type="file"
          accept={kind === 'scenario' ? '.json,application/json' : SUBTITLE_ACCEPT}
          onChange={onCaptionInput}
        />
        {captionSource?.filename && (
          <p className="hint">
            Loaded <strong>{captionSource.filename}</strong>
            {captions?.ok && captions.format !== 'scenario'
              ? ` (${captions.format.toUpperCase()})`
              : ''}
          </p>
        )}
      </div>

      {kind === 'subtitles' && (
        <div className="field">
          <label htmlFor={`${id}-preset`}>Caption style</label>
          <select
            id={`${id}-preset`}
            value={preset}
            onChange={(event) =>
              props.onCaptionSource({
                kind: 'subtitles',
                text: captionSource?.text ?? '',
                filename: captionSource?.filename ?? null,
                preset: event.target.value as PresetName,
              })
            }
          >
            {presetNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      )}

      <div className="field">
        <label htmlFor={`${id}-text`}>
          {kind === 'scenario' ? 'Scenario JSON (paste or edit)' : 'Subtitle text (paste or edit)'}
        </label>
        <textarea
          id={`${id}-text`}
          className="code-input"
          spellCheck={false}
          rows={8}
          value={captionSource?.text ?? ''}
          onChange={(event) => setText(event.target.value, captionSource?.filename ?? null)}
          aria-describedby={`${id}-issues`}
        />
      </div>
      <div id={`${id}-issues`}>
        {captions && captionSource && captionSource.text.trim() !== '' && (
          <CaptionIssues issues={captions.issues} />
        )}
        {captions?.ok && (
          <p className="ok-text" data-testid="captions-ok">
            Captions ready: {captions.scenario.cues.length} cue
            {captions.scenario.cues.length === 1 ? '' : 's'}.
          </p>
        )}
      </div>
    </section>
  );
}
