// Bundles the render page: src/browser/main.ts (+ motiontext-renderer + GSAP) into one local,
// self-contained script. Nothing is fetched from a CDN at render time.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = `${here}dist/bundle/`;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [`${here}src/browser/main.ts`],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'chrome120',
  outfile: `${out}page.js`,
  sourcemap: 'linked',
  minify: false,
  legalComments: 'linked',
  logLevel: 'warning',
});
// The vendor shim lets plugins that `import gsap from 'gsap'` share the page's single GSAP.
writeFileSync(
  `${out}gsap.js`,
  'const g = window.gsap;\nexport default g;\nexport { g as gsap };\n',
);
writeFileSync(
  `${out}index.html`,
  `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<script type="importmap">{"imports":{"gsap":"/gsap.js"}}</script>
<style>html,body{margin:0;padding:0;background:transparent;overflow:hidden}</style>
<script type="module" src="/page.js"></script>
</head>
<body></body>
</html>
`,
);
