import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import workspace packages by name; point those names at the TypeScript sources so the
// suite runs against the code as written, not a stale build.
const root = fileURLToPath(new URL('.', import.meta.url));
const alias: Record<string, string> = {};
for (const dir of ['packages', 'apps']) {
  for (const name of readdirSync(`${root}${dir}`)) {
    const entry = `${root}${dir}/${name}/src/index.ts`;
    if (existsSync(entry)) alias[`@ecg-render/${name}`] = entry;
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['packages/**/*.test.ts', 'apps/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Chromium and FFmpeg tests are CPU-heavy; on small machines running files in parallel makes
    // every one of them slower and timing-sensitive, so files run one or two at a time.
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
