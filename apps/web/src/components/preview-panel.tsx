import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { Scenario } from '@ecg-render/scenario';
import type { CaptionIssue } from '../captions/caption-issue.js';
import { isEditableTarget } from '../keyboard/is-editable-target.js';
import { createPreviewEngine, type PreviewEngine } from '../preview/create-preview-engine.js';
import {
  formatFrameRate,
  formatTime,
  frameAtTime,
  frameCountFor,
  frameTime,
  seekTimeForFrame,
  type Rational,
} from '../preview/frame-math.js';
import { preparePreviewPlugins } from '../preview/prepare-preview-plugins.js';
import type { ApiClient } from '../api/api-client.js';
import type { RegistryPlugin } from '../api/types.js';
import type { PreviewTiming } from '../render/render-form.js';
import type { LoadedVideo } from '../state/load-video-facts.js';
import { CaptionIssues } from './caption-issues.js';

export interface PreviewPanelProps {
  video: LoadedVideo | null;
  /** The normalised scenario to draw, or null while there is none that is valid. */
  scenario: Scenario | null;
  pluginNames: string[];
  /** Output size: the caption stage is laid out at exactly this many CSS pixels. */
  size: { width: number; height: number } | null;
  timing: PreviewTiming;
  /** GET /api/plugins: the registry packages the workers may use, and their built-ins' hashes. */
  serverPlugins: RegistryPlugin[] | null;
  client: ApiClient;
  /** Whether requests carry an API key: the registry listing (and so the plugins) may change with it. */
  keyed: boolean;
}

type Zoom = 'fit' | '1';

/**
 * Step 2: the video with the captions drawn live by the render engine, with frame-exact stepping
 * on the grid the render will have. The stage is laid out at the output size and scaled to fit, so
 * what is seen here is what the workers draw.
 */
export function PreviewPanel(props: PreviewPanelProps) {
  const { video, scenario, size, timing } = props;
  const id = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<HTMLDivElement>(null);
  const engineRef = useRef<PreviewEngine | null>(null);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [scale, setScale] = useState(1);
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [muted, setMuted] = useState(false);
  const [seeking, setSeeking] = useState(false);
  const [engineState, setEngineState] = useState<'none' | 'loading' | 'ready' | 'failed'>('none');
  const [engineIssues, setEngineIssues] = useState<CaptionIssue[]>([]);
  const [goto, setGoto] = useState('');
  const fps: Rational = timing.fps;
  const duration = video?.durationSec ?? 0;
  const frames = frameCountFor(duration, fps);
  const lastFrame = Math.max(0, frames - 1);

  // Scale the fixed-size stage to the width available (or show it at 100%).
  useLayoutEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport || !size) return;
    const update = () => {
      const available = viewport.clientWidth;
      setScale(zoom === '1' || available <= 0 ? 1 : available / size.width);
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(viewport);
    return () => observer.disconnect();
  }, [size, zoom]);

  // At 100% the stage must sit on whole device pixels, or every caption edge is resampled and the
  // preview is no longer the output's pixels. Layout above it (text line heights) can leave it at
  // a fractional offset, so nudge it onto the pixel grid after every render.
  const [nudge, setNudge] = useState({ x: 0, y: 0 });
  useLayoutEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport || zoom !== '1') return;
    const rect = viewport.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const snap = (v: number) => (Math.ceil(v * ratio - 1e-6) - v * ratio) / ratio;
    const next = { x: snap(rect.left), y: snap(rect.top) };
    if (Math.abs(next.x - nudge.x) > 1e-3 || Math.abs(next.y - nudge.y) > 1e-3) setNudge(next);
  });

  // (Re)create the engine whenever what it draws, or the box it draws on, changes.
  const scenarioKey = scenario ? JSON.stringify(scenario) : null;
  useEffect(() => {
    const videoElement = videoRef.current;
    const layer = layerRef.current;
    if (!scenario || !size || !videoElement || !layer) {
      setEngineState('none');
      return;
    }
    let cancelled = false;
    let engineStarted = false;
    setEngineState('loading');
    const run = async () => {
      const plugins = await preparePreviewPlugins({
        names: props.pluginNames,
        client: props.client,
        serverPlugins: props.serverPlugins,
      });
      if (cancelled) return;
      setEngineIssues(plugins.notes);
      const pluginIssue = () => {
        const failures = plugins.takeFailures();
        if (failures.length === 0) return;
        setEngineIssues((previous) => [
          ...previous.filter((issue) => issue.code !== 'PLUGIN_FAILED'),
          ...failures.slice(0, 5).map((failure) => ({
            severity: 'error' as const,
            code: 'PLUGIN_FAILED',
            path: null,
            message: `Plugin ${failure.plugin} failed in ${failure.phase}: ${failure.message}`,
          })),
        ]);
      };
      engineStarted = true;
      const engine = await createPreviewEngine({
        host: layer,
        video: videoElement,
        scenario,
        width: size.width,
        height: size.height,
        fps,
        pluginKind: plugins.kind,
        onDrawn: pluginIssue,
      });
      if (cancelled) {
        engine.dispose();
        return;
      }
      engineRef.current = engine;
      setEngineState('ready');
    };
    setEngineIssues([]);
    run().catch((error: unknown) => {
      if (cancelled) return;
      setEngineState('failed');
      const message = error instanceof Error ? error.message : String(error);
      setEngineIssues((previous) => [
        ...previous,
        engineStarted
          ? {
              severity: 'error',
              code: 'INVALID_SCENARIO',
              path: null,
              message: `The engine rejected the scenario: ${message}`,
            }
          : {
              severity: 'error',
              code: 'PREVIEW_FAILED',
              path: null,
              message: `The preview could not load its plugins: ${message}`,
            },
      ]);
    });
    return () => {
      cancelled = true;
      engineRef.current?.dispose();
      engineRef.current = null;
    };
    // scenarioKey stands for scenario: a new object with the same content needs no new engine.
  }, [
    scenarioKey,
    size?.width,
    size?.height,
    fps.num,
    fps.den,
    video?.url,
    props.pluginNames.join(','),
    props.serverPlugins,
    props.keyed,
  ]);

  // Follow the video: frame number while playing (per presented frame), play state, seeks.
  useEffect(() => {
    const element = videoRef.current;
    if (!element || !video) return;
    let handle = 0;
    const onFrame = (_now: number, metadata: VideoFrameCallbackMetadata) => {
      setFrame(frameAtTime(metadata.mediaTime, fps));
      handle = element.requestVideoFrameCallback(onFrame);
    };
    const sync = () => {
      setPlaying(!element.paused);
      setSeeking(element.seeking);
      if (element.paused) setFrame(frameAtTime(element.currentTime, fps));
    };
    handle = element.requestVideoFrameCallback(onFrame);
    const events = ['play', 'pause', 'seeking', 'seeked', 'ended', 'loadeddata'] as const;
    for (const name of events) element.addEventListener(name, sync);
    sync();
    return () => {
      element.cancelVideoFrameCallback(handle);
      for (const name of events) element.removeEventListener(name, sync);
    };
  }, [video, fps]);

  const showFrame = useCallback(
    (target: number) => {
      const element = videoRef.current;
      if (!element || !video) return;
      const index = Math.min(Math.max(0, Math.round(target)), lastFrame);
      element.pause();
      setFrame(index);
      setSeeking(true);
      element.currentTime = seekTimeForFrame(index, fps, duration);
    },
    [video, lastFrame, fps, duration],
  );

  const togglePlay = useCallback(() => {
    const element = videoRef.current;
    if (!element) return;
    if (element.paused) void element.play().catch(() => undefined);
    else element.pause();
  }, []);

  // Shortcuts: Space/K play-pause, ←/→ one frame, Shift+←/→ one second, Home/End. Not while
  // typing, and not when the focused control uses the key itself (sliders, selects, buttons+Space).
  useEffect(() => {
    if (!video) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      if (isEditableTarget(event.target as Element | null, event.key)) return;
      const second = Math.max(1, Math.round(fps.num / fps.den));
      let handled = true;
      switch (event.key) {
        case ' ':
        case 'k':
        case 'K':
          togglePlay();
          break;
        case 'ArrowLeft':
        case ',':
          showFrame(frame - (event.shiftKey ? second : 1));
          break;
        case 'ArrowRight':
        case '.':
          showFrame(frame + (event.shiftKey ? second : 1));
          break;
        case 'Home':
          showFrame(0);
          break;
        case 'End':
          showFrame(lastFrame);
          break;
        default:
          handled = false;
      }
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [video, frame, lastFrame, fps, showFrame, togglePlay]);

  const issues = engineIssues;
  const time = frameTime(frame, fps);

  return (
    <section className="panel preview-panel" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>2. Preview</h2>
        <div className="field inline">
          <label htmlFor={`${id}-zoom`}>Zoom</label>
          <select
            id={`${id}-zoom`}
            value={zoom}
            onChange={(event) => setZoom(event.target.value as Zoom)}
          >
            <option value="fit">Fit</option>
            <option value="1">100% (output pixels)</option>
          </select>
        </div>
      </div>
      {!video && <p className="hint">Choose a video to preview it with its captions.</p>}
      {video && !size && <p className="hint">Enter a valid output size to preview.</p>}
      <div
        ref={viewportRef}
        className={`stage-viewport${zoom === '1' ? ' stage-actual' : ''}`}
        style={
          size && video
            ? { height: zoom === '1' ? size.height + 1 : size.height * scale }
            : { display: 'none' }
        }
      >
        <div
          className="preview-stage"
          data-testid="preview-stage"
          data-frame={frame}
          data-seeking={seeking ? 'true' : 'false'}
          data-engine={engineState}
          style={
            size
              ? {
                  width: size.width,
                  height: size.height,
                  transform:
                    zoom === '1' ? `translate(${nudge.x}px, ${nudge.y}px)` : `scale(${scale})`,
                }
              : undefined
          }
        >
          <video
            ref={videoRef}
            className="stage-video"
            src={video?.url}
            preload="auto"
            playsInline
            muted={muted}
            tabIndex={-1}
            aria-label="Source video"
          />
          {/* lang="" and `all: initial` (in CSS): the captions inherit nothing from the studio's
              styles or language, as on the render page's bare document. */}
          <div ref={layerRef} className="caption-layer" lang="" />
        </div>
      </div>

      {video && (
        <div className="transport" role="group" aria-label="Playback">
          <button
            type="button"
            onClick={() => showFrame(frame - 1)}
            aria-keyshortcuts="ArrowLeft"
            disabled={frame <= 0}
          >
            ◀ Frame
          </button>
          <button
            type="button"
            onClick={togglePlay}
            aria-keyshortcuts="Space K"
            className="primary-small"
          >
            {playing ? 'Pause' : 'Play'}
          </button>
          <button
            type="button"
            onClick={() => showFrame(frame + 1)}
            aria-keyshortcuts="ArrowRight"
            disabled={frame >= lastFrame}
          >
            Frame ▶
          </button>
          <button type="button" onClick={() => setMuted((m) => !m)} aria-pressed={muted}>
            Mute
          </button>
          <label htmlFor={`${id}-scrub`} className="sr-only">
            Position (frame)
          </label>
          <input
            id={`${id}-scrub`}
            className="scrubber"
            type="range"
            min={0}
            max={lastFrame}
            step={1}
            value={Math.min(frame, lastFrame)}
            aria-valuetext={`Frame ${frame}, ${formatTime(time)}`}
            onChange={(event) => showFrame(Number(event.target.value))}
          />
          <form
            className="goto"
            onSubmit={(event) => {
              event.preventDefault();
              const target = Number(goto);
              if (goto.trim() !== '' && Number.isFinite(target)) showFrame(target);
            }}
          >
            <label htmlFor={`${id}-goto`}>Go to frame</label>
            <input
              id={`${id}-goto`}
              type="number"
              min={0}
              max={lastFrame}
              inputMode="numeric"
              value={goto}
              onChange={(event) => setGoto(event.target.value)}
            />
            <button type="submit">Go</button>
          </form>
          <p className="readout" data-testid="frame-readout">
            Frame <strong>{frame}</strong> of {frames} · {formatTime(time)} · {formatFrameRate(fps)}{' '}
            fps ({timing.from})
          </p>
        </div>
      )}
      {video && (
        <p className="hint">
          Keys: Space or K play/pause · ← → one frame · Shift+← → one second · Home/End.
          {engineState === 'loading' && ' Loading the caption engine…'}
        </p>
      )}
      <CaptionIssues issues={issues} title="Preview problems" />
    </section>
  );
}
