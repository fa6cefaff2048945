import { extname } from 'node:path';
import { createJob, hashJobRequest, type CallbackStyle, type Job } from '@ecg-render/db';
import { probeMedia, type MediaInfo } from '@ecg-render/ffmpeg';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from '../api-deps.js';
import type { Principal } from '../auth/principal.js';
import { checkRequestUrl } from '../urls/check-request-url.js';
import { checkRenderOptions } from './check-render-options.js';
import { prepareScenario, type ScenarioInput } from './prepare-scenario.js';

/** Where the source video comes from: a URL the worker downloads, or a file uploaded to a temp path. */
export type SourceInput =
  | { kind: 'url'; url: string }
  | { kind: 'upload'; path: string; sha256: string; filename: string | null };

export interface SubmitRenderInput {
  principal: Principal;
  caption: ScenarioInput;
  options: unknown;
  source: SourceInput;
  webhookUrl: string | null;
  callbackStyle: CallbackStyle;
  externalId: string | null;
  idempotencyKey: string | null;
  signal?: AbortSignal;
}

export interface SubmitRenderResult {
  job: Job;
  /** False: an earlier identical request (same Idempotency-Key or external id) made this job. */
  created: boolean;
  /** What the scenario or subtitle import changed or will not show as written. */
  warnings: { code: string; message: string; path?: string }[];
}

const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.m4v',
  '.mov',
  '.mkv',
  '.webm',
  '.avi',
  '.ts',
  '.m2ts',
  '.flv',
  '.ogv',
  '.mxf',
]);

/** The stored upload's extension: the client's when it is a video one, else from the container. */
function uploadExtension(filename: string | null, media: MediaInfo): string {
  const given = extname(filename ?? '').toLowerCase();
  if (VIDEO_EXTENSIONS.has(given)) return given;
  return media.formatName.includes('matroska')
    ? '.mkv'
    : media.formatName.startsWith('mov')
      ? '.mp4'
      : '.bin';
}

/**
 * Turns a render request into a queued job, in an order that leaves nothing half-created:
 * 1. validate everything that needs no writes: scenario or subtitles, plugins, options, URLs,
 *    and the uploaded video (probed where it lies, in a temp file the caller removes);
 * 2. store the upload under a key that names the new job;
 * 3. create the job, with idempotency and quota checked in its transaction; if that refuses
 *    (quota, a reused Idempotency-Key) or finds the request already done, the stored upload is
 *    deleted again, so a refused request leaves no row and no object;
 * 4. enqueue it. A failed enqueue does not fail the request: the job is queued in the database,
 *    the source of truth, and the reconciler enqueues what the queue lacks.
 */
export async function submitRender(
  deps: ApiDeps,
  input: SubmitRenderInput,
): Promise<SubmitRenderResult> {
  const { config, sql, storage } = deps;
  const { limits } = config;
  const prepared = await prepareScenario(sql, input.caption);
  const options = checkRenderOptions(input.options, {
    maxWidth: limits.maxVideoWidth,
    maxHeight: limits.maxVideoHeight,
    maxFps: limits.maxVideoFps,
  });
  if (input.source.kind === 'url') {
    await checkRequestUrl({
      url: input.source.url,
      field: 'videoUrl',
      allowPrivate: limits.allowPrivateUrls,
      allowAddresses: limits.trustedAddresses,
      ...(deps.lookup && { resolve: deps.lookup }),
    });
  }
  if (input.webhookUrl !== null) {
    const field = input.callbackStyle === 'ecg' ? 'callbackUrl' : 'webhookUrl';
    await checkRequestUrl({
      url: input.webhookUrl,
      field,
      allowPrivate: limits.allowPrivateUrls,
      allowAddresses: limits.trustedAddresses,
      ...(deps.lookup && { resolve: deps.lookup }),
    });
  }

  let media: MediaInfo | null = null;
  if (input.source.kind === 'upload') {
    media = await probeMedia({
      path: input.source.path,
      ffprobePath: config.binaries.ffprobePath,
      ffmpegPath: config.binaries.ffmpegPath,
      checkDecode: true,
      limits: {
        maxWidth: limits.maxVideoWidth,
        maxHeight: limits.maxVideoHeight,
        maxDurationSec: limits.maxVideoDurationSeconds,
        maxFps: limits.maxVideoFps,
        maxStreams: limits.maxStreams,
      },
      ...(input.signal && { signal: input.signal }),
    });
  }

  const requestHash = hashJobRequest({
    scenario: prepared.scenario,
    options,
    source:
      input.source.kind === 'url' ? { url: input.source.url } : { sha256: input.source.sha256 },
    webhookUrl: input.webhookUrl,
    callbackStyle: input.callbackStyle,
    externalId: input.externalId,
  });
  const jobId = randomUUID();
  let uploadKey: string | null = null;
  if (input.source.kind === 'upload' && media !== null) {
    uploadKey = `uploads/${jobId}/source${uploadExtension(input.source.filename, media)}`;
    await storage.putFile({
      key: uploadKey,
      path: input.source.path,
      ...(input.signal && { signal: input.signal }),
    });
  }
  const durationSec = media?.durationSec ?? 0;

  const warnings = prepared.warnings.map((w) => ({
    code: w.code,
    message: w.message,
    ...('path' in w && w.path !== undefined && { path: w.path }),
  }));
  let result: SubmitRenderResult;
  try {
    result = {
      ...(await createJob(sql, {
        id: jobId,
        apiKeyId: input.principal.apiKeyId,
        source:
          uploadKey !== null
            ? { kind: 'upload', key: uploadKey }
            : { kind: 'url', url: (input.source as { url: string }).url },
        scenario: { kind: 'inline', scenario: prepared.scenario },
        // The pins ride in the options the worker reads (packages/jobs fetchPluginPackages); they
        // are not part of requestHash, so a repeat after a registry upload is still the same
        // request. Clients cannot set them: checkRenderOptions refuses an `options.plugins`.
        options: prepared.plugins.length > 0 ? { ...options, plugins: prepared.plugins } : options,
        webhookUrl: input.webhookUrl,
        callbackStyle: input.callbackStyle,
        externalId: input.externalId,
        idempotencyKey: input.idempotencyKey,
        requestHash,
        estimatedMinutes: Math.max(0, durationSec) / 60,
      })),
      warnings,
    };
  } catch (error) {
    if (uploadKey !== null) await deleteQuietly(deps, uploadKey);
    throw error;
  }
  if (!result.created) {
    if (uploadKey !== null) await deleteQuietly(deps, uploadKey);
    return result;
  }
  try {
    await deps.dispatcher.enqueueRender(result.job.id);
  } catch (error) {
    deps.logger?.warn(
      { err: error, jobId: result.job.id },
      'enqueue failed; the reconciler will enqueue the job',
    );
  }
  return result;
}

async function deleteQuietly(deps: ApiDeps, key: string): Promise<void> {
  try {
    await deps.storage.delete(key);
  } catch (error) {
    deps.logger?.error({ err: error, key }, 'could not delete an upload of a refused request');
  }
}
