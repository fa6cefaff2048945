import { isIP } from 'node:net';
import { z } from 'zod';
import type { Mode } from './config.js';
import { parseByteSize } from './parse-byte-size.js';

/** One environment variable: how to read it, its default, and the line that documents it. */
export interface EnvVariable<T> {
  group: string;
  description: string;
  /** The default as a user would write it, the same in every mode; parsed like any value. */
  default?: string;
  /** Defaults that depend on ECG_RENDER_MODE (undefined: none in that mode). */
  modeDefaults?: Record<Mode, string | undefined>;
  /** Says in words what happens when unset, where that is not a literal value. */
  defaultNote?: string;
  /** Never echo the value back (in problems or logs). */
  secret?: boolean;
  schema: z.ZodType<T, string>;
}

function variable<T>(definition: EnvVariable<T>): EnvVariable<T> {
  return definition;
}

function integer(min: number, max: number): z.ZodType<number, string> {
  const range = `a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^-?\d+$/, `must be ${range}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be ${range}`).max(max, `must be ${range}`));
}

function byteSize(plainUnit: 'B' | 'MiB', min: number): z.ZodType<number, string> {
  return z.string().transform((text, ctx) => {
    const bytes = parseByteSize(text, plainUnit);
    if (bytes === null || bytes < min) {
      ctx.issues.push({
        code: 'custom',
        input: text,
        message:
          `must be a size of at least ${min} bytes, such as 512M or 2GiB ` +
          `(a plain number counts ${plainUnit === 'B' ? 'bytes' : 'MiB'})`,
      });
      return z.NEVER;
    }
    return bytes;
  });
}

function oneOf<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodType<T[number], string> {
  return z.string().refine((text): text is T[number] => values.includes(text), {
    message: `must be one of ${values.join(', ')}`,
  });
}

const boolean: z.ZodType<boolean, string> = z.string().transform((text, ctx) => {
  const lower = text.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  ctx.issues.push({ code: 'custom', input: text, message: 'must be true or false' });
  return z.NEVER;
});

function url(protocols: readonly string[]): z.ZodType<string, string> {
  return z.string().refine(
    (text) => {
      if (!URL.canParse(text)) return false;
      return protocols.includes(new URL(text).protocol);
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );
}

const text: z.ZodType<string, string> = z.string().min(1);

/**
 * Every variable ECG Render reads, in the order `.env.example` lists them. This table is the one
 * place defaults live: loadConfig applies them and formatEnvExample documents them, so the two
 * cannot drift apart.
 */
export const ENV_VARIABLES = {
  ECG_RENDER_MODE: variable({
    group: 'Mode and HTTP',
    description:
      'standalone (API + in-process worker, embedded database, local disk), api, or worker.',
    default: 'standalone',
    schema: oneOf(['standalone', 'api', 'worker']),
  }),
  PORT: variable({
    group: 'Mode and HTTP',
    description: 'HTTP port (0 picks a free one).',
    default: '8090',
    schema: integer(0, 65535),
  }),
  HOST: variable({
    group: 'Mode and HTTP',
    description: 'Address to listen on.',
    modeDefaults: { standalone: '127.0.0.1', api: '0.0.0.0', worker: '0.0.0.0' },
    defaultNote:
      '127.0.0.1 in standalone mode (this machine only), 0.0.0.0 in api and worker modes',
    schema: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be an IP address or a host name'),
  }),
  PUBLIC_BASE_URL: variable({
    group: 'Mode and HTTP',
    description:
      'Absolute URL clients reach this server at, for links in callbacks (e.g. https://render.example.com).',
    defaultNote: 'none; links are built from the incoming request',
    schema: url(['http:', 'https:']).transform((value) => value.replace(/\/+$/, '')),
  }),
  DATA_DIR: variable({
    group: 'Mode and HTTP',
    description: 'Directory for the embedded database, local storage and temporary files.',
    default: './data',
    schema: text,
  }),
  LOG_LEVEL: variable({
    group: 'Mode and HTTP',
    description: 'fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
    schema: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  }),

  DATABASE_URL: variable({
    group: 'Database and queue',
    description: 'PostgreSQL connection URL (postgres://user:password@host:5432/db).',
    defaultNote:
      'embedded PGlite under DATA_DIR/db in standalone mode; required in api and worker modes',
    secret: true,
    schema: url(['postgres:', 'postgresql:']),
  }),
  REDIS_URL: variable({
    group: 'Database and queue',
    description: 'Redis connection URL for the job queue (redis:// or rediss://).',
    defaultNote: 'none; standalone runs jobs in-process; required in api and worker modes',
    secret: true,
    schema: url(['redis:', 'rediss:']),
  }),

  QUEUE_PREFIX: variable({
    group: 'Database and queue',
    description:
      'Prefix of every queue key in Redis; deployments sharing one Redis need different prefixes (the API and its workers the same one).',
    default: 'ecg-render',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
  }),

  STORAGE: variable({
    group: 'Storage',
    description: 'local (files under DATA_DIR/storage) or s3 (any S3-compatible store).',
    modeDefaults: { standalone: 'local', api: 's3', worker: 's3' },
    defaultNote: 'local in standalone mode, s3 in api and worker modes',
    schema: oneOf(['local', 's3']),
  }),
  S3_ENDPOINT: variable({
    group: 'Storage',
    description: 'S3 endpoint URL for non-AWS stores (MinIO, radosgw, s3rver).',
    defaultNote: 'none (AWS, found from S3_REGION); STORAGE=s3 needs S3_ENDPOINT or S3_REGION',
    schema: url(['http:', 'https:']),
  }),
  S3_REGION: variable({
    group: 'Storage',
    description: 'S3 region.',
    defaultNote: 'us-east-1 when S3_ENDPOINT is set; otherwise required for STORAGE=s3',
    schema: z.string().regex(/^[a-z0-9-]+$/, 'must be a region name such as eu-west-1'),
  }),
  S3_BUCKET: variable({
    group: 'Storage',
    description: 'Bucket for uploads, scenarios, plugins and outputs.',
    defaultNote: 'none; required when STORAGE=s3',
    schema: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
  }),
  S3_ACCESS_KEY_ID: variable({
    group: 'Storage',
    description: 'Access key; set together with S3_SECRET_ACCESS_KEY.',
    defaultNote: "none; the AWS SDK's default credential chain",
    secret: true,
    schema: text,
  }),
  S3_SECRET_ACCESS_KEY: variable({
    group: 'Storage',
    description: 'Secret key; set together with S3_ACCESS_KEY_ID.',
    defaultNote: "none; the AWS SDK's default credential chain",
    secret: true,
    schema: text,
  }),
  S3_FORCE_PATH_STYLE: variable({
    group: 'Storage',
    description: 'Address buckets as endpoint/bucket rather than bucket.endpoint.',
    defaultNote: 'true when S3_ENDPOINT is set (self-hosted stores need it), else false',
    schema: boolean,
  }),
  S3_CHECKSUMS: variable({
    group: 'Storage',
    description:
      'AWS SDK requestChecksumCalculation. WHEN_SUPPORTED breaks s3rver (stores the chunk framing) and radosgw (refuses streamed uploads).',
    default: 'WHEN_REQUIRED',
    schema: oneOf(['WHEN_REQUIRED', 'WHEN_SUPPORTED']),
  }),
  PRESIGN_EXPIRY_SECONDS: variable({
    group: 'Storage',
    description: 'Lifetime of download links (S3 allows at most 7 days).',
    default: '3600',
    schema: integer(1, 604800),
  }),

  MAX_CONCURRENT_JOBS: variable({
    group: 'Workers and rendering',
    description: 'Jobs one worker renders at once.',
    default: '1',
    schema: integer(1, 1024),
  }),
  BROWSER_POOL_SIZE: variable({
    group: 'Workers and rendering',
    description: 'Chromium pages (one browser each) a worker captures with in parallel.',
    default: '2',
    schema: integer(1, 256),
  }),
  CUDA_VISIBLE_DEVICES: variable({
    group: 'Workers and rendering',
    description: 'GPUs this worker may use (indices or GPU-/MIG- UUIDs, comma-separated).',
    defaultNote: "none; the driver's default (all GPUs)",
    schema: z
      .string()
      .regex(/^[A-Za-z0-9:/-]+(,[A-Za-z0-9:/-]+)*$/, 'must be a comma-separated list of GPU ids'),
  }),
  MAX_GPU_MEMORY: variable({
    group: 'Workers and rendering',
    description:
      'GPU memory this worker may use, e.g. 8GiB, 8192MiB, 8G, or a plain number of MiB.',
    defaultNote: 'none; no limit beyond what the device reports',
    schema: byteSize('MiB', 1),
  }),
  NVENC_MAX_SESSIONS: variable({
    group: 'Workers and rendering',
    description:
      'Concurrent NVENC encodes allowed on this machine (consumer GeForce cards allow 8; 0 never uses NVENC).',
    default: '8',
    schema: integer(0, 1024),
  }),
  FFMPEG_PATH: variable({
    group: 'Workers and rendering',
    description: 'FFmpeg executable.',
    default: 'ffmpeg',
    schema: text,
  }),
  FFPROBE_PATH: variable({
    group: 'Workers and rendering',
    description: 'ffprobe executable.',
    default: 'ffprobe',
    schema: text,
  }),
  CHROMIUM_PATH: variable({
    group: 'Workers and rendering',
    description: 'Chromium (or chromium-headless-shell) executable.',
    defaultNote: 'none; found automatically',
    schema: text,
  }),
  RENDER_TIMEOUT_SECONDS: variable({
    group: 'Workers and rendering',
    description: 'A render attempt running longer than this fails with RENDER_TIMEOUT.',
    default: '3600',
    schema: integer(1, 7 * 24 * 3600),
  }),
  SEGMENT_SECONDS: variable({
    group: 'Workers and rendering',
    description:
      'Jobs longer than this are split into segments of this length, rendered in parallel (0 never splits).',
    default: '120',
    schema: integer(0, 24 * 3600),
  }),
  WORKER_ID: variable({
    group: 'Workers and rendering',
    description: 'Stable name of this worker in the workers table and in logs.',
    defaultNote: '<hostname>-<pid>',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1-128 letters, digits, dots, colons or dashes'),
  }),

  MAX_UPLOAD_BYTES: variable({
    group: 'Limits',
    description: 'Largest video upload (units allowed: 2G, 500M; all binary).',
    default: '2GiB',
    schema: byteSize('B', 1),
  }),
  MAX_SCENARIO_BYTES: variable({
    group: 'Limits',
    description: 'Largest scenario JSON.',
    default: '10MiB',
    schema: byteSize('B', 1),
  }),
  MAX_JSON_DEPTH: variable({
    group: 'Limits',
    description: 'Deepest nesting accepted in request JSON.',
    default: '64',
    schema: integer(1, 10_000),
  }),
  MAX_VIDEO_WIDTH: variable({
    group: 'Limits',
    description: 'Widest source or output video, in pixels.',
    default: '4096',
    schema: integer(16, 16_384),
  }),
  MAX_VIDEO_HEIGHT: variable({
    group: 'Limits',
    description: 'Tallest source or output video, in pixels (4096 admits vertical 2160x3840).',
    default: '4096',
    schema: integer(16, 16_384),
  }),
  MAX_VIDEO_DURATION_SECONDS: variable({
    group: 'Limits',
    description: 'Longest source video.',
    default: '7200',
    schema: integer(1, 7 * 24 * 3600),
  }),
  MAX_VIDEO_FPS: variable({
    group: 'Limits',
    description: 'Highest source or output frame rate.',
    default: '120',
    schema: integer(1, 1000),
  }),
  MAX_STREAMS: variable({
    group: 'Limits',
    description: 'Most streams (video, audio, subtitle, data) a source may contain.',
    default: '16',
    schema: integer(1, 1000),
  }),
  DOWNLOAD_MAX_BYTES: variable({
    group: 'Limits',
    description: 'Largest video fetched from a URL.',
    default: '2GiB',
    schema: byteSize('B', 1),
  }),
  DOWNLOAD_TIMEOUT_MS: variable({
    group: 'Limits',
    description: 'Longest a video download may take, in milliseconds.',
    default: '300000',
    schema: integer(1, 24 * 3600 * 1000),
  }),
  TRUSTED_ADDRESSES: variable({
    group: 'Limits',
    description:
      'Comma-separated IP addresses that video URLs and webhook/callback receivers may reach although they are private (e.g. the ECG backend on an internal network). Every other private address stays refused.',
    default: '',
    schema: z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every((entry) => isIP(entry) !== 0),
        'must be IP addresses separated by commas',
      ),
  }),
  ALLOW_PRIVATE_URLS: variable({
    group: 'Limits',
    description:
      'Let video URLs reach loopback and private addresses. For tests only: it turns off SSRF protection.',
    default: 'false',
    schema: boolean,
  }),

  AUTH: variable({
    group: 'Security and API',
    description:
      'required, disabled, or auto (disabled only in standalone mode bound to a loopback HOST).',
    default: 'auto',
    schema: oneOf(['required', 'disabled', 'auto']),
  }),
  RATE_LIMIT_PER_MINUTE: variable({
    group: 'Security and API',
    description: 'Requests per minute per API key (or per address without keys); 0 turns it off.',
    default: '120',
    schema: integer(0, 1_000_000),
  }),
  WEBHOOK_SECRET: variable({
    group: 'Security and API',
    description:
      'Signs webhooks (HMAC-SHA256, Standard Webhooks): whsec_<base64 of at least 24 bytes>, or any string of 32+ characters.',
    defaultNote: 'none; required in api and worker modes',
    secret: true,
    schema: z.string().refine(isStrongWebhookSecret, {
      message: 'must be whsec_<base64 of at least 24 bytes> or at least 32 characters',
    }),
  }),
  METRICS_TOKEN: variable({
    group: 'Security and API',
    description:
      'When set, /metrics answers only requests with Authorization: Bearer <this token> (as Prometheus sends it with bearer_token) or an API key.',
    defaultNote: 'none; /metrics is public (keep it off the public network)',
    secret: true,
    schema: z
      .string()
      .regex(/^[\x21-\x7e]{16,256}$/, 'must be 16-256 printable characters without spaces'),
  }),
  DASHBOARD_USER: variable({
    group: 'Security and API',
    description: 'User name for the queue dashboard; set together with DASHBOARD_PASSWORD.',
    defaultNote: 'none; the dashboard is not served',
    schema: z.string().regex(/^[^:\s]{1,128}$/, 'must be 1-128 characters without ":" or spaces'),
  }),
  DASHBOARD_PASSWORD: variable({
    group: 'Security and API',
    description: 'Password for the queue dashboard (12+ characters).',
    defaultNote: 'none; the dashboard is not served',
    secret: true,
    schema: z.string().min(12, 'must be at least 12 characters'),
  }),
};

function isStrongWebhookSecret(secret: string): boolean {
  if (secret.startsWith('whsec_')) {
    const body = secret.slice('whsec_'.length);
    return /^[A-Za-z0-9+/]+={0,2}$/.test(body) && Buffer.from(body, 'base64').length >= 24;
  }
  return secret.length >= 32;
}

export type EnvVariableName = keyof typeof ENV_VARIABLES;
