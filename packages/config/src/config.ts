/** Which process this is: see DESIGN.md, "Modes". */
export type Mode = 'standalone' | 'api' | 'worker';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Where job metadata lives. PGlite only in standalone mode: it is one process's embedded database. */
export type DatabaseConfig =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export type StorageConfig =
  | { kind: 'local'; dir: string; presignExpirySeconds: number }
  | {
      kind: 's3';
      bucket: string;
      /** Null for AWS itself, where the SDK derives the endpoint from the region. */
      endpoint: string | null;
      region: string;
      /** Null pair: the SDK's default credential chain (instance role, profile, env of the SDK). */
      credentials: { accessKeyId: string; secretAccessKey: string } | null;
      forcePathStyle: boolean;
      /** `requestChecksumCalculation` for the AWS SDK; WHEN_REQUIRED for s3rver and radosgw. */
      checksums: 'WHEN_REQUIRED' | 'WHEN_SUPPORTED';
      presignExpirySeconds: number;
    };

/** The whole configuration, validated and with every default applied. */
export interface Config {
  mode: Mode;
  http: {
    host: string;
    port: number;
    /** Absolute base for links sent to clients (download URLs in callbacks); no trailing slash. */
    publicBaseUrl: string | null;
  };
  /** Absolute. Embedded database, local storage and temp files live under it. */
  dataDir: string;
  logLevel: LogLevel;
  database: DatabaseConfig;
  /** Null in standalone mode unless set: the in-process worker needs no queue server. */
  redisUrl: string | null;
  /** Prefix of the queue keys in Redis (QUEUE_PREFIX). */
  queuePrefix: string;
  storage: StorageConfig;
  worker: {
    id: string;
    maxConcurrentJobs: number;
    browserPoolSize: number;
    renderTimeoutSeconds: number;
    /** Jobs longer than this are split into segments of this length; 0 never splits. */
    segmentSeconds: number;
  };
  gpu: {
    /** Passed to FFmpeg's environment as is; null leaves the driver's default. */
    cudaVisibleDevices: string | null;
    /** Null: no limit configured (admission control uses what the device reports). */
    maxGpuMemoryBytes: number | null;
    nvencMaxSessions: number;
  };
  binaries: {
    ffmpegPath: string;
    ffprobePath: string;
    /** Null: find Chromium the usual way (Playwright's, then the system's). */
    chromiumPath: string | null;
  };
  limits: {
    maxUploadBytes: number;
    maxScenarioBytes: number;
    maxJsonDepth: number;
    maxVideoWidth: number;
    maxVideoHeight: number;
    maxVideoDurationSeconds: number;
    maxVideoFps: number;
    maxStreams: number;
    downloadMaxBytes: number;
    downloadTimeoutMs: number;
    allowPrivateUrls: boolean;
    /** Private IP addresses that URLs may reach anyway (TRUSTED_ADDRESSES). */
    trustedAddresses: string[];
  };
  security: {
    /** What AUTH said; `auth` is what it resolved to. */
    authSetting: 'required' | 'disabled' | 'auto';
    auth: 'required' | 'disabled';
    /** 0 turns rate limiting off. */
    rateLimitPerMinute: number;
    webhookSecret: string | null;
    /** Null: the queue dashboard is not served. */
    dashboard: { user: string; password: string } | null;
    /** Null: /metrics is public; else it needs this bearer token (or an API key). */
    metricsToken: string | null;
  };
  /** Things that are allowed but risky, for the entrypoint to log once at start. */
  warnings: string[];
}
