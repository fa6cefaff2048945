import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { createApiClient } from './api/api-client.js';
import { ApiError } from './api/api-error.js';
import { downloadCaptions, downloadJob } from './api/download-job.js';
import { submitRender } from './api/submit-render.js';
import { isFinalState, type JobView, type RegistryPlugin } from './api/types.js';
import { watchJob } from './api/watch-job.js';
import { loadCaptions, type CaptionSource } from './captions/load-captions.js';
import { ApiKeyField } from './components/api-key-field.js';
import { JobHistory } from './components/job-history.js';
import { stateLabel } from './components/job-progress.js';
import { OperatorView } from './components/operator-view.js';
import { PreviewPanel } from './components/preview-panel.js';
import { RenderPanel } from './components/render-panel.js';
import { UploadPanel } from './components/upload-panel.js';
import { rateValue } from './preview/frame-math.js';
import {
  DEFAULT_RENDER_FORM,
  outputSize,
  previewTiming,
  toApiOptions,
  type RenderForm,
} from './render/render-form.js';
import { loadVideoFacts, type LoadedVideo } from './state/load-video-facts.js';
import { useStoredState } from './state/use-stored-state.js';

type View = 'studio' | 'operator';

const viewFromHash = (): View => (window.location.hash === '#operator' ? 'operator' : 'studio');

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError({
    status: 0,
    code: 'INTERNAL',
    message: error instanceof Error ? error.message : String(error),
  });
}

const isAbort = (error: unknown): boolean =>
  error instanceof DOMException && error.name === 'AbortError';

/** The studio: upload, preview, render, jobs; and the operator view. */
export function App() {
  const [apiKey, setApiKey] = useStoredState('ecg-render.apiKey', '');
  const keyRef = useRef(apiKey);
  keyRef.current = apiKey;
  // The studio is served by the API: same origin (the dev server proxies to it).
  const client = useMemo(() => createApiClient({ baseUrl: '', apiKey: () => keyRef.current }), []);
  const loadThumbnail = useCallback(
    async (jobId: string, signal: AbortSignal): Promise<Blob | null> => {
      const response = await fetch(
        `${client.baseUrl}/api/render/${encodeURIComponent(jobId)}/thumbnail`,
        {
          headers: client.authHeaders(),
          signal,
          cache: 'no-store',
        },
      );
      return response.ok ? response.blob() : null;
    },
    [client],
  );
  const [view, setView] = useState<View>(viewFromHash);
  const [announcement, setAnnouncement] = useState('');
  const announce = useCallback((message: string) => setAnnouncement(message), []);
  const [keyNeeded, setKeyNeeded] = useState(false);

  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // --- video and captions
  const [video, setVideo] = useState<LoadedVideo | null>(null);
  const [videoBusy, setVideoBusy] = useState(false);
  const onVideo = useCallback(
    (file: File) => {
      setVideoBusy(true);
      loadVideoFacts(file)
        .then((facts) => {
          setVideo((previous) => {
            if (previous) URL.revokeObjectURL(previous.url);
            return facts;
          });
          announce(
            `Video ${file.name} loaded${facts.width ? `, ${facts.width} by ${facts.height}` : ''}`,
          );
        })
        .catch((error: unknown) => announce(`The video could not be read: ${String(error)}`))
        .finally(() => setVideoBusy(false));
    },
    [announce],
  );

  const [captionSource, setCaptionSource] = useState<CaptionSource | null>(null);
  // Checking a large scenario on every keystroke would make typing lag; React catches up instead.
  const deferredSource = useDeferredValue(captionSource);
  const [form, setForm] = useState<RenderForm>(DEFAULT_RENDER_FORM);
  const videoFps = video?.rate?.fps ?? null;
  const importTiming = previewTiming(form, videoFps, undefined);
  const aspect = video && video.height > video.width ? '9:16' : '16:9';
  const importFps = importTiming.from === 'default' ? undefined : rateValue(importTiming.fps);
  const captions = useMemo(
    () =>
      deferredSource
        ? loadCaptions(deferredSource, {
            aspect,
            ...(importFps !== undefined && { fps: importFps }),
          })
        : null,
    [deferredSource, aspect, importFps],
  );
  const timing = previewTiming(
    form,
    videoFps,
    captions?.ok ? captions.scenario.timebase?.fps : undefined,
  );
  const sourceSize = video && video.width > 0 ? { width: video.width, height: video.height } : null;
  const size = outputSize(form, sourceSize);
  const optionsResult = toApiOptions(form, sourceSize);

  const [serverPlugins, setServerPlugins] = useState<RegistryPlugin[] | null>(null);
  useEffect(() => {
    client
      .plugins()
      .then((plugins) => {
        setServerPlugins(plugins);
        setKeyNeeded(false);
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'UNAUTHORIZED') setKeyNeeded(true);
      });
  }, [client, apiKey]);

  // --- render
  const [upload, setUpload] = useState<number | null>(null);
  const uploadAbort = useRef<AbortController | null>(null);
  const [submitError, setSubmitError] = useState<ApiError | null>(null);
  const [activeJobId, setActiveJobId] = useState<string | null>(null);
  const [activeJob, setActiveJob] = useState<JobView | null>(null);
  const [jobBusy, setJobBusy] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);

  const blocked = !video
    ? 'Choose a video first.'
    : !captions?.ok
      ? 'Add captions without errors first.'
      : !optionsResult.ok
        ? 'Fix the render options first.'
        : null;

  const start = async () => {
    if (blocked !== null || !video || !captions?.ok || !optionsResult.ok) return;
    const controller = new AbortController();
    uploadAbort.current = controller;
    setSubmitError(null);
    setUpload(0);
    announce('Uploading the video');
    try {
      const created = await submitRender({
        baseUrl: client.baseUrl,
        headers: client.authHeaders(),
        video: video.file,
        scenario: captions.scenarioText,
        options: optionsResult.options,
        onUploadProgress: setUpload,
        signal: controller.signal,
      });
      setActiveJob(null);
      setActiveJobId(created.jobId);
      setHistoryKey((k) => k + 1);
      announce(`Render job ${created.jobId.slice(0, 8)} created: ${created.status}`);
    } catch (error) {
      if (isAbort(error)) announce('Upload cancelled');
      else {
        const apiError = asApiError(error);
        setSubmitError(apiError);
        if (apiError.code === 'UNAUTHORIZED') setKeyNeeded(true);
        announce(`The render was refused: ${apiError.code}`);
      }
    } finally {
      setUpload(null);
      uploadAbort.current = null;
    }
  };

  // Follow the active job live; announce each change of state (not every percent).
  useEffect(() => {
    if (!activeJobId) return;
    const controller = new AbortController();
    let lastState = '';
    watchJob({
      client,
      jobId: activeJobId,
      signal: controller.signal,
      onStatus: (job) => {
        setActiveJob(job);
        const label = stateLabel(job);
        if (label !== lastState) {
          lastState = label;
          announce(
            job.status === 'failed'
              ? `Render failed: ${job.error?.code ?? ''} ${job.error?.message ?? ''}`
              : `Render ${label.toLowerCase()}`,
          );
          setHistoryKey((k) => k + 1);
        }
      },
    })
      .then((final) => {
        if (final && isFinalState(final.status)) setHistoryKey((k) => k + 1);
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setSubmitError(asApiError(error));
      });
    return () => controller.abort();
  }, [activeJobId, client, announce]);

  const cancelActive = async () => {
    if (!activeJobId) return;
    setJobBusy(true);
    try {
      setActiveJob(await client.cancelJob(activeJobId));
      announce('Cancel requested');
    } catch (error) {
      setSubmitError(asApiError(error));
    } finally {
      setJobBusy(false);
    }
  };

  const download = (jobId: string) => {
    downloadJob(client, jobId).catch((error: unknown) => setSubmitError(asApiError(error)));
  };
  // Without a key a plain link streams the file to disk; with one the header must be sent.
  const downloadHref = (jobId: string) => (apiKey === '' ? client.downloadUrl(jobId) : null);

  const go = (next: View) => {
    window.location.hash = next === 'operator' ? '#operator' : '';
    setView(next);
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <h1>ECG Render Studio</h1>
        <nav aria-label="Views">
          <button
            type="button"
            aria-current={view === 'studio' ? 'page' : undefined}
            onClick={() => go('studio')}
          >
            Studio
          </button>
          <button
            type="button"
            aria-current={view === 'operator' ? 'page' : undefined}
            onClick={() => go('operator')}
          >
            Operator
          </button>
        </nav>
        <ApiKeyField value={apiKey} onChange={setApiKey} needed={keyNeeded} />
      </header>
      <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement}
      </div>
      <main id="main" tabIndex={-1}>
        {view === 'studio' ? (
          <div className="studio-grid">
            <UploadPanel
              video={video}
              videoBusy={videoBusy}
              onVideo={onVideo}
              captionSource={captionSource}
              onCaptionSource={setCaptionSource}
              captions={captions}
            />
            <PreviewPanel
              video={video}
              scenario={captions?.ok ? captions.scenario : null}
              pluginNames={captions?.ok ? captions.pluginNames : []}
              size={size}
              timing={timing}
              serverPlugins={serverPlugins}
              client={client}
              keyed={apiKey !== ''}
            />
            <RenderPanel
              form={form}
              onForm={setForm}
              size={size}
              timing={timing}
              formProblems={optionsResult.ok ? [] : optionsResult.problems}
              blocked={blocked}
              onStart={() => void start()}
              upload={upload}
              onCancelUpload={() => uploadAbort.current?.abort()}
              submitError={submitError}
              job={activeJob}
              jobBusy={jobBusy}
              onCancelJob={() => void cancelActive()}
              onDownload={() => activeJobId && download(activeJobId)}
              downloadHref={activeJobId ? downloadHref(activeJobId) : null}
              onDownloadCaptions={(format) => {
                if (!activeJobId) return;
                downloadCaptions(client, activeJobId, format).catch((error: unknown) =>
                  setSubmitError(asApiError(error)),
                );
              }}
              loadThumbnail={loadThumbnail}
            />
            <JobHistory
              client={client}
              refreshKey={`${historyKey}:${apiKey}`}
              activeJobId={activeJobId}
              onWatch={(job) => {
                setActiveJob(job);
                setActiveJobId(job.jobId);
              }}
              onDownload={(job) => {
                const href = downloadHref(job.jobId);
                if (href) window.location.assign(href);
                else download(job.jobId);
              }}
              onDeleted={(jobId) => {
                if (jobId === activeJobId) {
                  setActiveJobId(null);
                  setActiveJob(null);
                }
              }}
              announce={announce}
            />
          </div>
        ) : (
          <OperatorView client={client} />
        )}
      </main>
    </>
  );
}
