// @ts-check
// Prepares the FFmpeg-side composite benchmark that `bench/gpu-composite.sh` runs on a machine
// with many cores and/or an NVIDIA GPU (where Node, Chromium and the source video need not exist).
//
// On this machine it
//   1. renders two real caption streams through the pipeline (Chromium capture included) for a
//      1920x1080 30 fps source, and saves the exact bytes FFmpeg got on stdin (a tee in front of
//      FFmpeg, given to renderVideo as `ffmpegPath`):
//        animated.mkv  captions animated on every frame (the every-frame case of bench/render.mjs)
//        typical.mkv   a sparse stream, one caption change every 2 s
//   2. writes the exact argument lists of `buildCompositeCommand` for each case, pointed at the
//      paths the files will have there (source and outputs under --work), one NUL-separated
//      `<case>.args` file each, plus `commands.txt` (shell-quoted, for reading):
//        bare-cpu             no captions: the transcode floor
//        <stream>-cpu         CPU decode + CPU overlay + libx264        (what CI and laptops run)
//        <stream>-cpu-t2      the same with -threads 2 on the decoder, filters and encoder
//        <stream>-cudadec     NVDEC decode, CPU overlay + libx264
//        <stream>-cuda        NVDEC decode, overlay_cuda, download, libx264
//        <stream>-nvenc       NVDEC decode, overlay_cuda, h264_nvenc (fails where there is no NVENC)
//      plus `source.args` (the lavfi source generated there, same as bench/render.mjs) and the
//      NVENC trial encodes of `detectCapabilities` (`trial-h264_nvenc.args`, `trial-hevc_nvenc.args`).
//   3. checks that the `-cpu` argument lists equal what the pipeline itself ran, paths aside.
//
// Usage: npm run build && node bench/gpu-composite-prep.mjs [--out DIR] [--work /tmp/gc] [--seconds 20]
// Then carry DIR (with an FFmpeg) to the other machine and run `bash bench/gpu-composite.sh DIR`.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildCompositeCommand, probeMedia, sourceColor } from '@ecg-render/ffmpeg';
import { renderVideo } from '@ecg-render/pipeline';
import { animatedScenario, lineGroup, scenarioOf } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: join(here, 'out', 'gpu-composite') },
    work: { type: 'string', default: '/tmp/gc' },
    seconds: { type: 'string', default: '20' },
  },
});
const out = resolve(values.out);
const work = values.work;
const seconds = Number(values.seconds);
mkdirSync(out, { recursive: true });

// The source: the same lavfi recipe as bench/render.mjs, made here (to probe and to render the
// caption streams against) and again there from `source.args`, so no video has to travel.
const sourceArgs = (path) => [
  ...['-hide_banner', '-loglevel', 'error', '-y'],
  ...['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30'],
  ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'],
  ...['-t', String(seconds), '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-g', '60'],
  ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest', path],
];
const localSource = join(here, 'out', `source-${seconds}s-1080p30.mp4`);
if (!existsSync(localSource)) execFileSync('ffmpeg', sourceArgs(localSource));

/** Typical subtitles: a new static line every 2 s, nothing animated in between. */
function typicalScenario() {
  const lines = ['A new line of captions', 'arrives every two seconds', 'and stays still until'];
  const cues = [];
  for (let start = 0, i = 0; start < seconds; start += 2, i += 1) {
    cues.push({
      id: `cue-${i}`,
      track: 'caption',
      root: {
        ...lineGroup(`line-${i}`, [start, Math.min(seconds, start + 2) - 0.0005]),
        children: [{ id: `line-${i}-t`, eType: 'text', text: `${lines[i % 3]} (${i + 1})` }],
      },
    });
  }
  return scenarioOf(cues);
}

/** Shell-quoted, for commands.txt and the report. */
const quote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);
const writeArgs = (name, args) => writeFileSync(join(out, `${name}.args`), `${args.join('\0')}\0`);

const commands = [];
const probe = await probeMedia({ path: localSource });
const deviceSource = `${work}/source.mp4`;
const encoder = { preset: 'veryfast', crf: 23 };

function build(name, overlay, hw, encoderName) {
  const command = buildCompositeCommand({
    source: { path: deviceSource, info: probe, startSec: 0, durationSec: probe.video.durationSec },
    overlay,
    output: {
      path: `${work}/out-${name}.mp4`,
      container: 'mp4',
      width: probe.video.displayWidth,
      height: probe.video.displayHeight,
      fps: probe.video.fps,
    },
    encoder: { encoder: encoderName, ...encoder },
    color: sourceColor(probe),
    hw,
    audio: 'auto',
    progress: true,
  });
  return command;
}

writeArgs('source', sourceArgs(deviceSource));
commands.push(
  `# source (generated there)\nffmpeg ${sourceArgs(deviceSource).map(quote).join(' ')}`,
);

const bare = build('bare-cpu', null, { decode: 'cpu', composite: 'cpu' }, 'libx264');
writeArgs('bare-cpu', bare.args);
commands.push(`# bare-cpu\nffmpeg ${bare.args.map(quote).join(' ')}`);

const streams = { animated: animatedScenario(seconds), typical: typicalScenario() };
const summaries = {};
for (const [stream, scenario] of Object.entries(streams)) {
  // A tee in front of FFmpeg: saves what the pipeline writes to FFmpeg's stdin, and its arguments.
  const tee = join(out, `.tee-${stream}.sh`);
  const saved = join(out, `${stream}.mkv`);
  const pipelineArgs = join(out, `${stream}.pipeline-args`);
  writeFileSync(
    tee,
    [
      '#!/bin/sh',
      'case " $* " in',
      `  *" pipe:0 "*) printf '%s\\0' "$@" > '${pipelineArgs}'; tee '${saved}' | exec ffmpeg "$@" ;;`,
      '  *) exec ffmpeg "$@" ;;',
      'esac',
      '',
    ].join('\n'),
  );
  chmodSync(tee, 0o755);
  const summary = await renderVideo({
    source: localSource,
    scenario,
    output: join(out, `local-${stream}.mp4`),
    encoder: 'libx264',
    ...encoder,
    workers: 1,
    ffmpegPath: tee,
  });
  summaries[stream] = summary;
  console.error(
    `${stream}: ${summary.wallSec.toFixed(1)} s here, captured ${summary.captured}, reused ${summary.reused}, skipped ${summary.skipped}, crop ${JSON.stringify(summary.crop)}, stream ${(statSync(saved).size / 2 ** 20).toFixed(1)} MiB`,
  );

  const cases = {
    cpu: [{ decode: 'cpu', composite: 'cpu' }, 'libx264'],
    cudadec: [{ decode: 'cuda', composite: 'cpu' }, 'libx264'],
    cuda: [{ decode: 'cuda', composite: 'cuda' }, 'libx264'],
    nvenc: [{ decode: 'cuda', composite: 'cuda' }, 'h264_nvenc'],
  };
  for (const [suffix, [hw, encoderName]] of Object.entries(cases)) {
    const name = `${stream}-${suffix}`;
    const command = build(name, summary.crop, hw, encoderName);
    if (command.hw.decode !== hw.decode) throw new Error(`${name}: ${command.notes.join('; ')}`);
    writeArgs(name, command.args);
    commands.push(`# ${name} (stdin: ${stream}.mkv)\nffmpeg ${command.args.map(quote).join(' ')}`);
    if (suffix === 'cpu') {
      // Same arguments as the pipeline ran, once its paths are put in place of ours.
      const ran = readFileSync(pipelineArgs, 'utf8').split('\0').slice(0, -1);
      const ours = command.args.map((arg) =>
        arg
          .replace(`file:${deviceSource}`, `file:${localSource}`)
          .replace(`file:${work}/out-${name}.mp4`, 'OUTPUT'),
      );
      const theirs = ran.map((arg) => (/\.partial\.mp4$/.test(arg) ? 'OUTPUT' : arg));
      const same = JSON.stringify(ours) === JSON.stringify(theirs);
      console.error(`${name}: arguments ${same ? 'equal' : 'DIFFER FROM'} the pipeline's own run`);
      if (!same) console.error(`  ours:     ${ours.join(' ')}\n  pipeline: ${theirs.join(' ')}`);
      // The 2-thread variant: decoder, filter graph and encoder each told to use 2 threads.
      const t2 = [...command.args];
      t2.splice(t2.indexOf('-i'), 0, '-threads', '2');
      t2.splice(t2.indexOf('-filter_complex'), 0, '-filter_threads', '2');
      t2.splice(t2.lastIndexOf('-f'), 0, '-threads', '2');
      writeArgs(`${name}-t2`, t2);
      commands.push(`# ${name}-t2 (stdin: ${stream}.mkv)\nffmpeg ${t2.map(quote).join(' ')}`);
    }
  }
}

// The NVENC trial encodes, as detectCapabilities runs them (packages/ffmpeg detect-capabilities.ts).
for (const encoderName of ['h264_nvenc', 'hevc_nvenc']) {
  const args = [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i'],
    ...['testsrc2=size=256x144:rate=30', '-t', '1', '-c:v', encoderName],
    ...['-pix_fmt', 'yuv420p', '-f', 'null', '-'],
  ];
  writeArgs(`trial-${encoderName}`, args);
  commands.push(`# trial-${encoderName}\nffmpeg ${args.map(quote).join(' ')}`);
}

writeFileSync(join(out, 'commands.txt'), `${commands.join('\n\n')}\n`);
writeFileSync(
  join(out, 'prep.json'),
  `${JSON.stringify(
    {
      seconds,
      frames: Math.round(probe.video.durationSec * (probe.video.fps.num / probe.video.fps.den)),
      work,
      streams: Object.fromEntries(
        Object.entries(summaries).map(([k, s]) => [
          k,
          { captured: s.captured, reused: s.reused, skipped: s.skipped, crop: s.crop },
        ]),
      ),
    },
    null,
    2,
  )}\n`,
);
console.error(`wrote ${out}`);
