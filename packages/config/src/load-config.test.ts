import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EcgError } from '@ecg-render/errors';
import { loadConfig, type ConfigProblem } from './load-config.js';

/** The smallest valid distributed environment; tests override one thing at a time. */
const DISTRIBUTED = {
  DATABASE_URL: 'postgres://postgres@db:5432/render',
  REDIS_URL: 'redis://redis:6379',
  WEBHOOK_SECRET: 'whsec_' + Buffer.alloc(32, 7).toString('base64'),
  S3_BUCKET: 'renders',
  S3_ENDPOINT: 'http://s3:9000',
  S3_ACCESS_KEY_ID: 'key',
  S3_SECRET_ACCESS_KEY: 'secret',
};

function problemsOf(env: Record<string, string | undefined>): ConfigProblem[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(EcgError);
    const ecg = error as EcgError;
    expect(ecg.code).toBe('CONFIG_INVALID');
    return ecg.details.problems as ConfigProblem[];
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('loadConfig defaults', () => {
  it('runs standalone on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('standalone');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8090, publicBaseUrl: null });
    expect(config.dataDir).toBe(resolve('./data'));
    expect(config.database).toEqual({ kind: 'pglite', dataDir: resolve('./data/db') });
    expect(config.redisUrl).toBeNull();
    expect(config.storage).toEqual({
      kind: 'local',
      dir: resolve('./data/storage'),
      presignExpirySeconds: 3600,
    });
    expect(config.security.authSetting).toBe('auto');
    expect(config.security.auth).toBe('disabled');
    expect(config.security.dashboard).toBeNull();
    expect(config.limits.allowPrivateUrls).toBe(false);
    expect(config.limits.maxUploadBytes).toBe(2 * 1024 ** 3);
    expect(config.worker.maxConcurrentJobs).toBe(1);
    expect(config.worker.id).toMatch(/-\d+$/);
    expect(config.gpu).toEqual({
      cudaVisibleDevices: null,
      maxGpuMemoryBytes: null,
      nvencMaxSessions: 8,
    });
    expect(config.warnings).toEqual([]);
  });

  it('distributed modes bind every interface, use S3, and require keys', () => {
    for (const mode of ['api', 'worker'] as const) {
      const config = loadConfig({ ...DISTRIBUTED, ECG_RENDER_MODE: mode });
      expect(config.mode).toBe(mode);
      expect(config.http.host).toBe('0.0.0.0');
      expect(config.database).toEqual({ kind: 'postgres', url: DISTRIBUTED.DATABASE_URL });
      expect(config.redisUrl).toBe(DISTRIBUTED.REDIS_URL);
      expect(config.security.auth).toBe('required');
      expect(config.storage).toEqual({
        kind: 's3',
        bucket: 'renders',
        endpoint: 'http://s3:9000',
        region: 'us-east-1',
        credentials: { accessKeyId: 'key', secretAccessKey: 'secret' },
        forcePathStyle: true,
        checksums: 'WHEN_REQUIRED',
        presignExpirySeconds: 3600,
      });
    }
  });

  it('treats empty and blank values as unset', () => {
    expect(loadConfig({ PORT: '', HOST: '  ', DATABASE_URL: '' })).toEqual(loadConfig({}));
  });
});

describe('loadConfig values', () => {
  // [what, env, path into the config, expected]
  const cases: [
    string,
    Record<string, string>,
    (c: ReturnType<typeof loadConfig>) => unknown,
    unknown,
  ][] = [
    ['PORT', { PORT: '3000' }, (c) => c.http.port, 3000],
    ['PORT 0 picks a free port', { PORT: '0' }, (c) => c.http.port, 0],
    [
      'MAX_GPU_MEMORY GiB',
      { MAX_GPU_MEMORY: '8GiB' },
      (c) => c.gpu.maxGpuMemoryBytes,
      8 * 1024 ** 3,
    ],
    [
      'MAX_GPU_MEMORY MiB',
      { MAX_GPU_MEMORY: '8192MiB' },
      (c) => c.gpu.maxGpuMemoryBytes,
      8 * 1024 ** 3,
    ],
    ['MAX_GPU_MEMORY G', { MAX_GPU_MEMORY: '8G' }, (c) => c.gpu.maxGpuMemoryBytes, 8 * 1024 ** 3],
    [
      'MAX_GPU_MEMORY plain is MiB',
      { MAX_GPU_MEMORY: '8192' },
      (c) => c.gpu.maxGpuMemoryBytes,
      8 * 1024 ** 3,
    ],
    [
      'MAX_UPLOAD_BYTES plain is bytes',
      { MAX_UPLOAD_BYTES: '1000' },
      (c) => c.limits.maxUploadBytes,
      1000,
    ],
    [
      'MAX_UPLOAD_BYTES units',
      { MAX_UPLOAD_BYTES: '500M' },
      (c) => c.limits.maxUploadBytes,
      500 * 1024 ** 2,
    ],
    ['boolean yes', { ALLOW_PRIVATE_URLS: 'yes' }, (c) => c.limits.allowPrivateUrls, true],
    ['boolean 0', { ALLOW_PRIVATE_URLS: '0' }, (c) => c.limits.allowPrivateUrls, false],
    [
      'trusted addresses',
      { TRUSTED_ADDRESSES: '10.0.0.5, fd00::7' },
      (c) => c.limits.trustedAddresses,
      ['10.0.0.5', 'fd00::7'],
    ],
    ['no trusted addresses', {}, (c) => c.limits.trustedAddresses, []],
    ['queue prefix', { QUEUE_PREFIX: 'tenant-a' }, (c) => c.queuePrefix, 'tenant-a'],
    ['default queue prefix', {}, (c) => c.queuePrefix, 'ecg-render'],
    [
      'CUDA_VISIBLE_DEVICES',
      { CUDA_VISIBLE_DEVICES: '0,1' },
      (c) => c.gpu.cudaVisibleDevices,
      '0,1',
    ],
    [
      'CUDA_VISIBLE_DEVICES uuid',
      { CUDA_VISIBLE_DEVICES: 'GPU-8f0a-12' },
      (c) => c.gpu.cudaVisibleDevices,
      'GPU-8f0a-12',
    ],
    [
      'PUBLIC_BASE_URL trailing slash',
      { PUBLIC_BASE_URL: 'https://r.example.com/' },
      (c) => c.http.publicBaseUrl,
      'https://r.example.com',
    ],
    [
      'DATABASE_URL in standalone',
      { DATABASE_URL: 'postgresql://h/db' },
      (c) => c.database,
      { kind: 'postgres', url: 'postgresql://h/db' },
    ],
    ['AUTH auto on 0.0.0.0 standalone', { HOST: '0.0.0.0' }, (c) => c.security.auth, 'required'],
    ['AUTH auto on ::1 standalone', { HOST: '::1' }, (c) => c.security.auth, 'disabled'],
    ['AUTH required on loopback', { AUTH: 'required' }, (c) => c.security.auth, 'required'],
    [
      'dashboard',
      { DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'long-enough-pw' },
      (c) => c.security.dashboard,
      { user: 'ops', password: 'long-enough-pw' },
    ],
    [
      'S3 on AWS',
      { STORAGE: 's3', S3_BUCKET: 'b-1', S3_REGION: 'eu-west-1' },
      (c) => c.storage,
      {
        kind: 's3',
        bucket: 'b-1',
        endpoint: null,
        region: 'eu-west-1',
        credentials: null,
        forcePathStyle: false,
        checksums: 'WHEN_REQUIRED',
        presignExpirySeconds: 3600,
      },
    ],
    [
      'S3_FORCE_PATH_STYLE overrides',
      { STORAGE: 's3', S3_BUCKET: 'bb1', S3_ENDPOINT: 'http://x', S3_FORCE_PATH_STYLE: 'false' },
      (c) => c.storage.kind === 's3' && c.storage.forcePathStyle,
      false,
    ],
    [
      'S3_CHECKSUMS',
      { STORAGE: 's3', S3_BUCKET: 'bb1', S3_REGION: 'us-east-2', S3_CHECKSUMS: 'WHEN_SUPPORTED' },
      (c) => c.storage.kind === 's3' && c.storage.checksums,
      'WHEN_SUPPORTED',
    ],
    [
      'WEBHOOK_SECRET long string',
      { WEBHOOK_SECRET: 'x'.repeat(32) },
      (c) => c.security.webhookSecret,
      'x'.repeat(32),
    ],
    ['WORKER_ID', { WORKER_ID: 'gpu-1.a:2' }, (c) => c.worker.id, 'gpu-1.a:2'],
    ['SEGMENT_SECONDS 0', { SEGMENT_SECONDS: '0' }, (c) => c.worker.segmentSeconds, 0],
    ['values are trimmed', { PORT: ' 81 ' }, (c) => c.http.port, 81],
  ];
  it.each(cases)('%s', (_what, env, pick, expected) => {
    expect(pick(loadConfig(env))).toEqual(expected);
  });
});

describe('loadConfig problems', () => {
  // [what, env, the exact problems reported: variable → message fragment]
  const cases: [string, Record<string, string>, [string, string][]][] = [
    [
      'unknown mode',
      { ECG_RENDER_MODE: 'server' },
      [['ECG_RENDER_MODE', 'must be one of standalone, api, worker (got "server")']],
    ],
    ['port not a number', { PORT: '80a' }, [['PORT', 'must be a whole number from 0 to 65535']]],
    ['port too large', { PORT: '70000' }, [['PORT', 'must be a whole number from 0 to 65535']]],
    ['zero jobs', { MAX_CONCURRENT_JOBS: '0' }, [['MAX_CONCURRENT_JOBS', 'from 1 to']]],
    ['bad GPU memory', { MAX_GPU_MEMORY: '8 bananas' }, [['MAX_GPU_MEMORY', 'must be a size']]],
    [
      'bad boolean',
      { ALLOW_PRIVATE_URLS: 'maybe' },
      [['ALLOW_PRIVATE_URLS', 'must be true or false']],
    ],
    ['bad log level', { LOG_LEVEL: 'verbose' }, [['LOG_LEVEL', 'must be one of']]],
    ['queue prefix with a space', { QUEUE_PREFIX: 'a b' }, [['QUEUE_PREFIX', 'must be 1-64']]],
    [
      'trusted address not an IP',
      { TRUSTED_ADDRESSES: '10.0.0.5,backend.internal' },
      [['TRUSTED_ADDRESSES', 'must be IP addresses']],
    ],
    ['database URL scheme', { DATABASE_URL: 'mysql://h/db' }, [['DATABASE_URL', 'postgres://']]],
    ['redis URL scheme', { REDIS_URL: 'http://h' }, [['REDIS_URL', 'redis://']]],
    ['weak webhook secret', { WEBHOOK_SECRET: 'short' }, [['WEBHOOK_SECRET', 'at least 32']]],
    [
      'short whsec secret',
      { WEBHOOK_SECRET: 'whsec_' + Buffer.alloc(8).toString('base64') },
      [['WEBHOOK_SECRET', 'whsec_']],
    ],
    [
      'presign beyond 7 days',
      { PRESIGN_EXPIRY_SECONDS: '604801' },
      [['PRESIGN_EXPIRY_SECONDS', 'from 1 to 604800']],
    ],
    [
      'bad bucket name',
      { STORAGE: 's3', S3_BUCKET: 'Bad_Bucket', S3_REGION: 'eu-west-1' },
      [['S3_BUCKET', 'valid S3 bucket']],
    ],
    [
      'api needs database, redis and a webhook secret; s3 needs a bucket and a place',
      { ECG_RENDER_MODE: 'api' },
      [
        ['DATABASE_URL', 'required in api mode'],
        ['REDIS_URL', 'required in api mode'],
        ['WEBHOOK_SECRET', 'required in api mode'],
        ['S3_BUCKET', 'required when STORAGE=s3'],
        ['S3_REGION', 'S3_REGION or S3_ENDPOINT is required'],
      ],
    ],
    [
      'worker needs the same',
      { ...DISTRIBUTED, ECG_RENDER_MODE: 'worker', DATABASE_URL: '', REDIS_URL: '' },
      [
        ['DATABASE_URL', 'required in worker mode'],
        ['REDIS_URL', 'required in worker mode'],
      ],
    ],
    [
      'S3 keys come in pairs',
      { S3_ACCESS_KEY_ID: 'k' },
      [['S3_SECRET_ACCESS_KEY', 'required when S3_ACCESS_KEY_ID is set']],
    ],
    [
      'dashboard needs both',
      { DASHBOARD_PASSWORD: 'long-enough-pw' },
      [['DASHBOARD_USER', 'required when DASHBOARD_PASSWORD is set']],
    ],
    [
      'short dashboard password',
      { DASHBOARD_USER: 'ops', DASHBOARD_PASSWORD: 'short' },
      [['DASHBOARD_PASSWORD', 'at least 12']],
    ],
    [
      'per-variable and cross-field problems together',
      { ECG_RENDER_MODE: 'worker', PORT: '-1', BROWSER_POOL_SIZE: 'two', STORAGE: 'local' },
      [
        ['PORT', 'from 0 to 65535'],
        ['BROWSER_POOL_SIZE', 'from 1 to'],
        ['DATABASE_URL', 'required in worker mode'],
        ['REDIS_URL', 'required in worker mode'],
        ['WEBHOOK_SECRET', 'required in worker mode'],
      ],
    ],
    [
      'an invalid mode still reports the rest',
      { ECG_RENDER_MODE: 'x', PORT: 'y' },
      [
        ['ECG_RENDER_MODE', 'must be one of'],
        ['PORT', 'whole number'],
      ],
    ],
  ];
  it.each(cases)('%s', (_what, env, expected) => {
    const problems = problemsOf(env);
    expect(problems.map((p) => p.variable)).toEqual(expected.map(([variable]) => variable));
    problems.forEach((problem, i) => expect(problem.message).toContain(expected[i]![1]));
  });

  it('never echoes a secret value back', () => {
    const problems = problemsOf({
      WEBHOOK_SECRET: 'hunter2-is-my-password',
      DATABASE_URL: 'mysql://u:pw@h/db',
    });
    const text = JSON.stringify(problems);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(':pw@');
  });

  it('the message lists every problem for the log', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT[\s\S]*LOG_LEVEL/);
    }
  });
});

describe('loadConfig warnings', () => {
  it.each([
    [
      'AUTH disabled on the network',
      { HOST: '0.0.0.0', AUTH: 'disabled' },
      /AUTH is disabled while listening on 0\.0\.0\.0/,
    ],
    ['private URLs allowed', { ALLOW_PRIVATE_URLS: 'true' }, /ALLOW_PRIVATE_URLS/],
    [
      'local storage when distributed',
      { ...DISTRIBUTED, ECG_RENDER_MODE: 'api', STORAGE: 'local' },
      /shares DATA_DIR/,
    ],
  ] as const)('%s', (_what, env, pattern) => {
    expect(loadConfig(env).warnings.join('\n')).toMatch(pattern);
  });
});
