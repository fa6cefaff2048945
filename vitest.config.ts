import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { studioAliases } from './apps/web/studio-aliases.js';

// Tests import workspace packages by name; point those names (and their `/testing` entries) at
// the TypeScript sources so the suite runs against the code as written, not a stale build.
const root = fileURLToPath(new URL('.', import.meta.url));
const alias: { find: string; replacement: string }[] = [];
for (const dir of ['packages', 'apps']) {
  for (const name of readdirSync(`${root}${dir}`)) {
    const testing = `${root}${dir}/${name}/src/testing/index.ts`;
    if (existsSync(testing))
      alias.push({ find: `@ecg-render/${name}/testing`, replacement: testing });
    const entry = `${root}${dir}/${name}/src/index.ts`;
    if (existsSync(entry)) alias.push({ find: `@ecg-render/${name}`, replacement: entry });
  }
}
// Longer names first, so `@ecg-render/storage/testing` is not taken for `@ecg-render/storage`.
alias.sort((a, b) => b.find.length - a.find.length);

export default defineConfig({
  // The web studio's names for shared sources go first: '@ecg-render/page/frame-time' must not be
  // taken by the '@ecg-render/page' entry.
  resolve: { alias: [...studioAliases(root), ...alias] },
  test: {
    include: ['packages/**/*.test.ts', 'apps/**/*.test.ts', 'bench/**/*.test.ts'],
    globalSetup: ['./vitest.global-setup.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Chromium and FFmpeg tests are CPU-heavy; on small machines running many files at once makes
    // every one of them slower and timing-sensitive, so at most two files run at a time.
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
