import { EcgError, isErrorCode } from '@ecg-render/errors';
import type {
  Box,
  GotoResult,
  InitRequest,
  InitResult,
  PageMethod,
  PageMethods,
  PageResult,
} from '@ecg-render/page';
import type { CdpEvent } from './cdp-connection.js';
import type { Browser } from './launch-browser.js';
import { PAGE_ORIGIN, serveOrigin, type PageOriginOptions } from './page-origin.js';

export interface CaptureSession {
  init(request: InitRequest): Promise<InitResult>;
  measure(frames: number[]): Promise<Box | null>;
  /** Limits every later capture to `box` (stage pixels). */
  setCrop(box: Box): Promise<void>;
  goto(frame: number): Promise<GotoResult>;
  /** PNG of the crop region as the page shows it now (transparent where nothing is drawn). */
  capture(): Promise<Buffer>;
  /** URLs the page tried to load from outside its origin (refused). */
  blockedRequests(): string[];
  close(): Promise<void>;
}

/**
 * One render page in its own tab, served entirely from local files by request interception, with a
 * transparent background. In BeginFrame mode the viewport is the crop region and the stage is moved
 * under it, since BeginFrame screenshots cannot be clipped; in screenshot mode the viewport is the
 * whole frame and captures are clipped.
 */
export async function openCaptureSession(options: {
  browser: Browser;
  width: number;
  height: number;
  origin: PageOriginOptions;
  callTimeoutMs?: number;
}): Promise<CaptureSession> {
  const { browser, width, height } = options;
  const { cdp } = browser;
  const beginFrame = browser.executable.mode === 'beginframe';
  const { targetId } = await cdp.send<{ targetId: string }>('Target.createTarget', {
    url: 'about:blank',
    ...(beginFrame ? { enableBeginFrameControl: true } : {}),
  });
  const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', {
    targetId,
    flatten: true,
  });
  const send = <T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown> = {},
  ) => cdp.send<T>(method, params, sessionId);

  const blocked: string[] = [];
  const pageErrors: string[] = [];
  let loaded: (() => void) | null = null;
  const onEvent = (event: CdpEvent) => {
    if (event.sessionId !== sessionId) return;
    switch (event.method) {
      case 'Fetch.requestPaused': {
        const requestId = event.params['requestId'] as string;
        const url = (event.params['request'] as { url: string }).url;
        void serveOrigin(url, options.origin)
          .then(
            (response) => {
              if (!response) {
                blocked.push(url);
                return send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
              }
              return send('Fetch.fulfillRequest', {
                requestId,
                responseCode: response.status,
                responseHeaders: Object.entries(response.headers).map(([name, value]) => ({
                  name,
                  value,
                })),
                body: response.body.toString('base64'),
              });
            },
            () => send('Fetch.failRequest', { requestId, errorReason: 'Failed' }),
          )
          .catch(() => undefined);
        break;
      }
      case 'Page.loadEventFired':
        loaded?.();
        break;
      case 'Runtime.exceptionThrown': {
        const details = event.params['exceptionDetails'] as {
          text?: string;
          exception?: { description?: string };
        };
        pageErrors.push(details.exception?.description ?? details.text ?? 'exception');
        break;
      }
      default:
        break;
    }
  };
  cdp.on('event', onEvent);

  await send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  await send('Page.enable');
  await send('Runtime.enable');
  await send('Emulation.setDeviceMetricsOverride', {
    width,
    height,
    deviceScaleFactor: 1,
    mobile: false,
  });
  await send('Emulation.setDefaultBackgroundColorOverride', { color: { r: 0, g: 0, b: 0, a: 0 } });

  const load = new Promise<void>((resolve) => (loaded = resolve));
  await send('Page.navigate', { url: `${PAGE_ORIGIN}/index.html` });
  await load;

  const callTimeoutMs = options.callTimeoutMs ?? 120_000;
  async function call<M extends PageMethod>(
    method: M,
    ...args: PageMethods[M]['args']
  ): Promise<PageMethods[M]['result']> {
    const expression = `window.__ecg ? window.__ecg.call(${JSON.stringify(method)}, ${JSON.stringify(args)}) : { ok: false, error: { code: 'INTERNAL', message: 'The render page did not load: ' + ${JSON.stringify(pageErrors.join(' | '))} } }`;
    let timer: NodeJS.Timeout | undefined;
    const evaluation = send<{
      result: { value?: PageResult<PageMethods[M]['result']> };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new EcgError(
              'RENDER_TIMEOUT',
              `The render page did not answer ${method} within ${callTimeoutMs} ms`,
            ),
          ),
        callTimeoutMs,
      );
    });
    try {
      const response = await Promise.race([evaluation, timeout]);
      if (response.exceptionDetails) {
        throw new EcgError(
          'INTERNAL',
          `Render page error in ${method}: ${response.exceptionDetails.exception?.description ?? response.exceptionDetails.text}`,
        );
      }
      const result = response.result.value;
      if (!result) throw new EcgError('INTERNAL', `Render page returned nothing for ${method}`);
      if (!result.ok) {
        const { code, message, ...details } = result.error;
        throw new EcgError(isErrorCode(code) ? code : 'INTERNAL', message, { details });
      }
      return result.value;
    } finally {
      clearTimeout(timer);
    }
  }

  let clip: Box = { x: 0, y: 0, width, height };
  let ticks = 1000;
  const frameInterval = 1000 / 60;

  async function captureBeginFrame(): Promise<Buffer> {
    // The first BeginFrame after a navigation or resize may produce no image; ask again.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      ticks += frameInterval;
      const result = await send<{ hasDamage: boolean; screenshotData?: string }>(
        'HeadlessExperimental.beginFrame',
        {
          frameTimeTicks: ticks,
          interval: frameInterval,
          screenshot: { format: 'png', optimizeForSpeed: true },
        },
      );
      if (result.screenshotData) return Buffer.from(result.screenshotData, 'base64');
    }
    throw new EcgError('BROWSER_CRASHED', 'Chromium produced no frame after four BeginFrames');
  }

  async function captureScreenshot(): Promise<Buffer> {
    const result = await send<{ data: string }>('Page.captureScreenshot', {
      format: 'png',
      optimizeForSpeed: true,
      fromSurface: true,
      captureBeyondViewport: false,
      clip: { ...clip, scale: 1 },
    });
    return Buffer.from(result.data, 'base64');
  }

  return {
    init: (request) => call('init', request),
    measure: (frames) => call('measure', frames),
    async setCrop(box) {
      clip = box;
      if (beginFrame) {
        await send('Emulation.setDeviceMetricsOverride', {
          width: box.width,
          height: box.height,
          deviceScaleFactor: 1,
          mobile: false,
        });
        await call('setViewportOrigin', box);
        // Settle layout at the new size so the next frame is complete.
        await captureBeginFrame();
      }
    },
    goto: (frame) => call('goto', frame),
    capture: () => (beginFrame ? captureBeginFrame() : captureScreenshot()),
    blockedRequests: () => [...blocked],
    async close() {
      cdp.off('event', onEvent);
      await cdp.send('Target.closeTarget', { targetId }).catch(() => undefined);
    },
  };
}
