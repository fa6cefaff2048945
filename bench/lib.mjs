// @ts-check
// Shared by the benchmark scripts: generated sources, free ports, waiting for a server, and the
// every-frame caption scenario the render and GPU composite benchmarks measure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** A testsrc2 + 440 Hz tone H.264/AAC source (generated once, then reused), like a camera clip. */
export function ensureSource(/** @type {{ path: string; seconds: number; size: string }} */ o) {
  if (existsSync(o.path)) return o.path;
  console.error(`generating ${o.path}`);
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${o.size}:rate=30`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
    ...[
      '-t',
      String(o.seconds),
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '20',
      '-g',
      '60',
    ],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest', o.path],
  ]);
  return o.path;
}

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Polls `url` until it answers 2xx. */
export async function waitUntilUp(/** @type {string} */ url, /** @type {number} */ timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

/** Lower-third captions, each line 3 s, every word bobbing and a karaoke sweep: every frame differs. */
export function animatedScenario(/** @type {number} */ seconds) {
  const words = ['Every', 'frame', 'of', 'this', 'caption', 'moves'];
  const cues = [];
  for (let start = 0, i = 0; start < seconds; start += 3, i += 1) {
    const end = Math.min(seconds, start + 3);
    cues.push({
      id: `cue-${i}`,
      track: 'caption',
      root: {
        ...lineGroup(`line-${i}`, [start, end - 0.0005]),
        children: words.map((text, w) => ({
          id: `line-${i}-w${w}`,
          eType: 'text',
          text,
          pluginChain: [
            {
              name: 'bobY',
              baseTime: [start, end],
              timeOffset: ['0%', '0%'],
              params: { amplitudePx: 6, cycles: 3 + w * 0.25 },
            },
            {
              name: 'karaoke',
              baseTime: [start + w * 0.45, start + (w + 1) * 0.45],
              timeOffset: ['0%', '0%'],
              params: { color: '#FFD400', mode: 'sweep' },
            },
          ],
        })),
      },
    });
  }
  return scenarioOf(cues);
}

/** A lower-third caption line: a boxed horizontal flow of words, centred at the bottom. */
export function lineGroup(/** @type {string} */ id, /** @type {[number, number]} */ displayTime) {
  return {
    id,
    eType: 'group',
    displayTime,
    layout: {
      position: { x: 0.5, y: 0.92 },
      anchor: 'bc',
      childrenLayout: {
        mode: 'flow',
        direction: 'horizontal',
        wrap: true,
        gap: 0.01,
        align: 'center',
        justify: 'center',
      },
    },
    style: { backgroundColor: 'rgba(0,0,0,0.6)', padding: '12px 24px', borderRadius: '12px' },
  };
}

/** The benchmarks' scenario around `cues`: one subtitle track in Noto Sans CJK KR, bold white. */
export function scenarioOf(/** @type {unknown[]} */ cues) {
  return {
    version: '2.0',
    pluginApiVersion: '3.0',
    timebase: { unit: 'seconds' },
    stage: { baseAspect: '16:9' },
    tracks: [
      {
        id: 'caption',
        type: 'subtitle',
        layer: 1,
        defaultStyle: {
          fontSizeRel: 0.06,
          fontFamily: 'Noto Sans CJK KR, sans-serif',
          fontWeight: 700,
          color: '#ffffff',
          textShadow: '0 2px 6px rgba(0,0,0,0.8)',
        },
      },
    ],
    cues,
  };
}
