import { hostname } from 'node:os';
import { resolve, join } from 'node:path';
import { EcgError } from '@ecg-render/errors';
import type { Config, DatabaseConfig, Mode, StorageConfig } from './config.js';
import { ENV_VARIABLES, type EnvVariable, type EnvVariableName } from './env-variables.js';
import { isLoopbackHost } from './is-loopback-host.js';

/** One thing wrong with the environment; `variable` names the one to fix. */
export interface ConfigProblem {
  variable: EnvVariableName;
  message: string;
}

type Parsed<K extends EnvVariableName> =
  (typeof ENV_VARIABLES)[K] extends EnvVariable<infer T> ? T : never;

/** Parsed values; a variable is absent when it is unset and has no default. */
type Values = { [K in EnvVariableName]?: Parsed<K> };

/**
 * Validates the environment once and returns the typed configuration with every default applied.
 *
 * Throws `CONFIG_INVALID` listing every problem at once (`details.problems`), per variable and
 * across variables, so an operator fixes a deployment in one pass instead of one error per boot.
 * Empty values count as unset: env files and compose files write `NAME=` to mean "no value".
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const problems: ConfigProblem[] = [];
  const values: Values = {};
  const raw = (name: EnvVariableName): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const read = (name: EnvVariableName, mode: Mode): void => {
    const definition: EnvVariable<unknown> = ENV_VARIABLES[name];
    const text = raw(name) ?? definition.modeDefaults?.[mode] ?? definition.default;
    if (text === undefined) return;
    const result = definition.schema.safeParse(text);
    if (result.success) {
      (values as Record<string, unknown>)[name] = result.data;
    } else {
      const reason = result.error.issues[0]?.message ?? 'is invalid';
      const shown = definition.secret === true ? '' : ` (got ${JSON.stringify(text)})`;
      problems.push({ variable: name, message: `${name} ${reason}${shown}` });
    }
  };

  // The mode decides other defaults, so it is read first. If it is invalid, the rest is still
  // checked (with standalone defaults) so the operator sees everything at once.
  read('ECG_RENDER_MODE', 'standalone');
  const mode = values.ECG_RENDER_MODE;
  for (const name of Object.keys(ENV_VARIABLES) as EnvVariableName[]) {
    if (name !== 'ECG_RENDER_MODE') read(name, mode ?? 'standalone');
  }

  const isSet = (name: EnvVariableName): boolean => raw(name) !== undefined;
  const require = (name: EnvVariableName, why: string): void => {
    if (!isSet(name)) problems.push({ variable: name, message: `${name} is required ${why}` });
  };
  const warnings: string[] = [];

  if (mode === 'api' || mode === 'worker') {
    const why = `in ${mode} mode`;
    require('DATABASE_URL', `${why} (PostgreSQL holds the jobs every process shares)`);
    require('REDIS_URL', `${why} (the job queue)`);
    require('WEBHOOK_SECRET', `${why} (every process must sign webhooks with the same secret)`);
    if (values.STORAGE === 'local') {
      warnings.push(
        `STORAGE=local in ${mode} mode works only when every API and worker process shares DATA_DIR.`,
      );
    }
  }
  if (values.STORAGE === 's3') {
    require('S3_BUCKET', 'when STORAGE=s3');
    if (!isSet('S3_ENDPOINT') && !isSet('S3_REGION')) {
      problems.push({
        variable: 'S3_REGION',
        message: 'S3_REGION or S3_ENDPOINT is required when STORAGE=s3',
      });
    }
  }
  requireTogether(['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'], isSet, problems);
  requireTogether(['DASHBOARD_USER', 'DASHBOARD_PASSWORD'], isSet, problems);

  if (problems.length > 0) {
    throw new EcgError(
      'CONFIG_INVALID',
      `The configuration is invalid:\n${problems.map((p) => `  - ${p.message}`).join('\n')}`,
      { details: { problems } },
    );
  }
  return buildConfig(values, warnings);
}

function requireTogether(
  names: [EnvVariableName, EnvVariableName],
  isSet: (name: EnvVariableName) => boolean,
  problems: ConfigProblem[],
): void {
  const [first, second] = names;
  if (isSet(first) === isSet(second)) return;
  const missing = isSet(first) ? second : first;
  const present = isSet(first) ? first : second;
  problems.push({ variable: missing, message: `${missing} is required when ${present} is set` });
}

/** Assembles the typed config from values that passed validation (optional ones may be absent). */
function buildConfig(values: Values, warnings: string[]): Config {
  // For variables that have a default, or that the checks above made required here.
  const get = <K extends EnvVariableName>(name: K): Parsed<K> => {
    const value = values[name];
    if (value === undefined)
      throw new EcgError('INTERNAL', `${name} has no value after validation`);
    return value;
  };
  const mode = get('ECG_RENDER_MODE');
  const dataDir = resolve(get('DATA_DIR'));
  const host = get('HOST');

  const database: DatabaseConfig =
    values.DATABASE_URL === undefined
      ? { kind: 'pglite', dataDir: join(dataDir, 'db') }
      : { kind: 'postgres', url: values.DATABASE_URL };

  const storage: StorageConfig =
    get('STORAGE') === 'local'
      ? {
          kind: 'local',
          dir: join(dataDir, 'storage'),
          presignExpirySeconds: get('PRESIGN_EXPIRY_SECONDS'),
        }
      : {
          kind: 's3',
          bucket: get('S3_BUCKET'),
          endpoint: values.S3_ENDPOINT ?? null,
          // The SDK refuses to sign without a region; self-hosted stores ignore its value.
          region: values.S3_REGION ?? 'us-east-1',
          credentials:
            values.S3_ACCESS_KEY_ID === undefined
              ? null
              : {
                  accessKeyId: values.S3_ACCESS_KEY_ID,
                  secretAccessKey: get('S3_SECRET_ACCESS_KEY'),
                },
          forcePathStyle: values.S3_FORCE_PATH_STYLE ?? values.S3_ENDPOINT !== undefined,
          checksums: get('S3_CHECKSUMS'),
          presignExpirySeconds: get('PRESIGN_EXPIRY_SECONDS'),
        };

  const authSetting = get('AUTH');
  const loopbackOnly = isLoopbackHost(host);
  const auth =
    authSetting === 'auto'
      ? mode === 'standalone' && loopbackOnly
        ? 'disabled'
        : 'required'
      : authSetting;
  if (auth === 'disabled' && !loopbackOnly) {
    warnings.push(
      `AUTH is disabled while listening on ${host}: anyone who can reach it can use it.`,
    );
  }
  if (get('ALLOW_PRIVATE_URLS')) {
    warnings.push('ALLOW_PRIVATE_URLS is on: video URLs may reach private addresses (tests only).');
  }

  return {
    mode,
    http: { host, port: get('PORT'), publicBaseUrl: values.PUBLIC_BASE_URL ?? null },
    dataDir,
    logLevel: get('LOG_LEVEL'),
    database,
    redisUrl: values.REDIS_URL ?? null,
    queuePrefix: get('QUEUE_PREFIX'),
    storage,
    worker: {
      id: values.WORKER_ID ?? `${hostname()}-${process.pid}`,
      maxConcurrentJobs: get('MAX_CONCURRENT_JOBS'),
      browserPoolSize: get('BROWSER_POOL_SIZE'),
      renderTimeoutSeconds: get('RENDER_TIMEOUT_SECONDS'),
      segmentSeconds: get('SEGMENT_SECONDS'),
    },
    gpu: {
      cudaVisibleDevices: values.CUDA_VISIBLE_DEVICES ?? null,
      maxGpuMemoryBytes: values.MAX_GPU_MEMORY ?? null,
      nvencMaxSessions: get('NVENC_MAX_SESSIONS'),
    },
    binaries: {
      ffmpegPath: get('FFMPEG_PATH'),
      ffprobePath: get('FFPROBE_PATH'),
      chromiumPath: values.CHROMIUM_PATH ?? null,
    },
    limits: {
      maxUploadBytes: get('MAX_UPLOAD_BYTES'),
      maxScenarioBytes: get('MAX_SCENARIO_BYTES'),
      maxJsonDepth: get('MAX_JSON_DEPTH'),
      maxVideoWidth: get('MAX_VIDEO_WIDTH'),
      maxVideoHeight: get('MAX_VIDEO_HEIGHT'),
      maxVideoDurationSeconds: get('MAX_VIDEO_DURATION_SECONDS'),
      maxVideoFps: get('MAX_VIDEO_FPS'),
      maxStreams: get('MAX_STREAMS'),
      downloadMaxBytes: get('DOWNLOAD_MAX_BYTES'),
      downloadTimeoutMs: get('DOWNLOAD_TIMEOUT_MS'),
      allowPrivateUrls: get('ALLOW_PRIVATE_URLS'),
      trustedAddresses: get('TRUSTED_ADDRESSES'),
    },
    security: {
      authSetting,
      auth,
      rateLimitPerMinute: get('RATE_LIMIT_PER_MINUTE'),
      webhookSecret: values.WEBHOOK_SECRET ?? null,
      dashboard:
        values.DASHBOARD_USER === undefined
          ? null
          : { user: values.DASHBOARD_USER, password: get('DASHBOARD_PASSWORD') },
      metricsToken: values.METRICS_TOKEN ?? null,
    },
    warnings,
  };
}
