import { loadConfig, type Config } from '@ecg-render/config';

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('ecg-render test secret of 32 bytes!!').toString('base64')}`;

/** The environment of a test worker: small, private, and allowed to reach local servers. */
export function testEnv(overrides: Record<string, string>): Record<string, string> {
  return {
    LOG_LEVEL: 'warn',
    MAX_CONCURRENT_JOBS: '1',
    BROWSER_POOL_SIZE: '1',
    SEGMENT_SECONDS: '0',
    ALLOW_PRIVATE_URLS: 'true',
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    RENDER_TIMEOUT_SECONDS: '300',
    ...overrides,
  };
}

export function testConfig(overrides: Record<string, string>): Config {
  return loadConfig(testEnv(overrides));
}
