// Node module hooks that run the workspace's TypeScript sources directly, so tests can start a
// worker as a real child process (and SIGKILL it) without a build step. `@ecg-render/<name>`
// resolves to packages/<name>/src/index.ts (as vitest's alias does), `./x.js` imports from .ts
// files to the .ts next to them, and .ts files are stripped of types by esbuild.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transform } from 'esbuild';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export async function resolve(specifier, context, next) {
  const workspace = /^@ecg-render\/([^/]+)$/.exec(specifier);
  if (workspace) {
    for (const dir of ['packages', 'apps']) {
      const entry = `${root}${dir}/${workspace[1]}/src/index.ts`;
      if (existsSync(entry)) return { url: pathToFileURL(entry).href, shortCircuit: true };
    }
  }
  if (
    specifier.startsWith('.') &&
    specifier.endsWith('.js') &&
    context.parentURL?.endsWith('.ts')
  ) {
    const ts = fileURLToPath(new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL));
    if (existsSync(ts)) return { url: pathToFileURL(ts).href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const file = fileURLToPath(url);
    const { code } = await transform(await readFile(file, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'node20',
      sourcefile: file,
      sourcemap: 'inline',
    });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return next(url, context);
}
