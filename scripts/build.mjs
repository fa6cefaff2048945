// Builds everything a run needs: TypeScript packages (tsc -b), the browser render page bundle
// (esbuild) and, when present, the web studio (Vite).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run('npx', ['tsc', '-b', 'tsconfig.build.json']);
if (existsSync('packages/page/build.mjs')) run('node', ['packages/page/build.mjs']);
if (existsSync('apps/web/vite.config.ts')) run('npx', ['vite', 'build', 'apps/web']);
