// @ts-check
// Render benchmark (issue: render core). Measures, in one run on this machine:
//   - a bare transcode of a 60 s 1920x1080 30 fps source with audio (the floor for any burn-in),
//   - (a) typical captions: the word-timed cwi_demo_full.json fixture, its cues moved to cover the minute,
//   - (b) captions animated on every frame,
// each as a ratio of wall time to the bare transcode (same encoder settings), with frames captured
// and peak PSS of all processes together. Appends the figures and the command to bench/RESULTS.md.
//
// Usage: node bench/render.mjs [--workers N] [--repeat N] [--no-append]
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { animatedScenario, ensureSource } from './lib.mjs';
import { renderVideo } from '@ecg-render/pipeline';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
mkdirSync(out, { recursive: true });
const { values } = parseArgs({
  options: {
    workers: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    'no-append': { type: 'boolean' },
    seconds: { type: 'string', default: '60' },
  },
});
const seconds = Number(values.seconds);
const repeat = Number(values.repeat);

const source = ensureSource({
  path: join(out, `source-${seconds}s-1080p30.mp4`),
  seconds,
  size: '1920x1080',
});

/** cwi_demo_full.json with every time mapped linearly from its span onto [0.5, seconds - 0.5]. */
function typicalScenario() {
  const scenario = JSON.parse(
    readFileSync(join(here, '../fixtures/motiontext/cwi_demo_full.json'), 'utf8'),
  );
  let first = Infinity;
  let last = -Infinity;
  JSON.stringify(scenario, (key, value) => {
    if ((key === 'displayTime' || key === 'domLifetime') && Array.isArray(value)) {
      first = Math.min(first, value[0]);
      last = Math.max(last, value[1]);
    }
    return value;
  });
  const scale = (seconds - 1) / (last - first);
  const map = (t) => Math.round((0.5 + (t - first) * scale) * 1000) / 1000;
  return JSON.parse(JSON.stringify(scenario), (key, value) =>
    (key === 'displayTime' || key === 'domLifetime' || key === 'baseTime') &&
    Array.isArray(value) &&
    typeof value[0] === 'number'
      ? value.map(map)
      : value,
  );
}

const empty = {
  version: '2.0',
  timebase: { unit: 'seconds' },
  stage: { baseAspect: '16:9' },
  tracks: [],
  cues: [],
};
const common = {
  source,
  encoder: 'libx264',
  preset: 'veryfast',
  crf: 23,
  ...(values.workers ? { workers: Number(values.workers) } : {}),
};

async function run(name, scenario) {
  const summary = await renderVideo({ ...common, scenario, output: join(out, `${name}.mp4`) });
  console.error(
    `${name}: ${summary.wallSec.toFixed(1)} s, captured ${summary.captured}, peak ${(summary.peakMemoryBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  return summary;
}

const rows = [];
for (let r = 0; r < repeat; r += 1) {
  // Baseline before and after, so drift in machine load over the run shows and averages out.
  const bare1 = await run('bare', empty);
  const typical = await run('typical', typicalScenario());
  const animated = await run('animated', animatedScenario(seconds));
  const bare2 = await run('bare', empty);
  const bare = (bare1.wallSec + bare2.wallSec) / 2;
  rows.push({ bare, bare1, bare2, typical, animated });
}

const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '',
  `## Render core — ${date} UTC`,
  '',
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB. Source: ${seconds} s, 1920×1080, 30 fps H.264 (testsrc2) with AAC audio.`,
  `Encoder libx264 veryfast crf 23 for every run; capture ${rows[0].typical.captureMode} × ${rows[0].typical.workers} page(s).`,
  `Command: \`node bench/render.mjs${values.workers ? ` --workers ${values.workers}` : ''}${repeat > 1 ? ` --repeat ${repeat}` : ''}\``,
  '',
  '| run | bare transcode (s) | (a) typical captions (s) | ratio | captured / frames | (b) every-frame animation (s) | ratio | captured / frames | peak PSS (a) | peak PSS (b) | peak PSS bare |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (row, i) =>
      `| ${i + 1} | ${row.bare.toFixed(1)} (${row.bare1.wallSec.toFixed(1)}, ${row.bare2.wallSec.toFixed(1)}) | ${row.typical.wallSec.toFixed(1)} | **${(row.typical.wallSec / row.bare).toFixed(2)}×** | ${row.typical.captured} / ${row.typical.frames} | ${row.animated.wallSec.toFixed(1)} | **${(row.animated.wallSec / row.bare).toFixed(2)}×** | ${row.animated.captured} / ${row.animated.frames} | ${mib(row.typical.peakMemoryBytes)} | ${mib(row.animated.peakMemoryBytes)} | ${mib(row.bare1.peakMemoryBytes)} |`,
  ),
  '',
];
process.stdout.write(lines.join('\n'));
if (!values['no-append']) appendFileSync(join(here, 'RESULTS.md'), lines.join('\n'));
