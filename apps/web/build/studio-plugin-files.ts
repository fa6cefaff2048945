import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { readPluginDirectory } from '../../../packages/plugins/src/read-plugin-directory.js';
import type { PluginPackage } from '../../../packages/plugins/src/plugin-package.js';

/** One entry of `plugins/index.json`: what the studio registers, as the workers' page does. */
export interface StudioPluginEntry {
  name: string;
  version: string;
  /** Folder under `plugins/`, `name@version`. */
  dir: string;
  /** Content hash (packages/plugins): compared with the server's to catch a stale studio build. */
  sha256: string;
  manifest: Record<string, unknown>;
}

/**
 * The render page imports `gsap` from plugins through an import map pointing at a module that
 * re-exports the page's single `window.gsap`; the studio does the same, so a plugin that imports
 * GSAP gets the instance the engine passes it, never a second copy.
 */
export const GSAP_SHIM = 'const g = window.gsap;\nexport default g;\nexport { g as gsap };\n';

function entryOf(pkg: PluginPackage): StudioPluginEntry {
  return {
    name: pkg.name,
    version: pkg.version,
    dir: `${pkg.name}@${pkg.version}`,
    sha256: pkg.sha256,
    manifest: pkg.manifest,
  };
}

/**
 * Puts the workers' own plugin packages into the studio: each package's files (unchanged, not
 * bundled) under `plugins/name@version/`, a `plugins/index.json` listing them, and the GSAP shim at
 * `vendor/gsap.js`. In `vite build` they are emitted as assets; in `vite` (dev) served from the
 * source folder, so an edited plugin shows on reload.
 */
export function studioPluginFiles(options: { sourceDir: string }): Plugin {
  const { sourceDir } = options;
  return {
    name: 'ecg-studio-plugin-files',
    async generateBundle() {
      const packages = await readPluginDirectory(sourceDir);
      for (const pkg of packages) {
        for (const file of pkg.files) {
          this.emitFile({
            type: 'asset',
            fileName: `plugins/${pkg.name}@${pkg.version}/${file}`,
            source: await readFile(join(pkg.dir, file)),
          });
        }
      }
      this.emitFile({
        type: 'asset',
        fileName: 'plugins/index.json',
        source: `${JSON.stringify(packages.map(entryOf), null, 2)}\n`,
      });
      this.emitFile({ type: 'asset', fileName: 'vendor/gsap.js', source: GSAP_SHIM });
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const path = decodeURIComponent((request.url ?? '').split('?')[0] ?? '');
        const send = (type: string, body: string | Buffer) => {
          response.setHeader('content-type', type);
          response.end(body);
        };
        if (path === '/vendor/gsap.js') return send('text/javascript', GSAP_SHIM);
        if (!path.startsWith('/plugins/')) return next();
        readPluginDirectory(sourceDir)
          .then(async (packages) => {
            if (path === '/plugins/index.json')
              return send('application/json', JSON.stringify(packages.map(entryOf)));
            const rest = path.slice('/plugins/'.length);
            const pkg = packages.find((p) => rest.startsWith(`${p.name}@${p.version}/`));
            const file = pkg && rest.slice(`${pkg.name}@${pkg.version}/`.length);
            // Only files the package lists: no path from the URL reaches the disk unchecked.
            if (!pkg || !file || !pkg.files.includes(file)) return next();
            const type = /\.m?js$/.test(file)
              ? 'text/javascript'
              : file.endsWith('.json')
                ? 'application/json'
                : 'application/octet-stream';
            return send(type, await readFile(join(pkg.dir, file)));
          })
          .catch(next);
      });
    },
  };
}
