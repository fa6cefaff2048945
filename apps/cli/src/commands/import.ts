import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  exportSubtitles,
  importSubtitles,
  normalizeScenario,
  presetNames,
} from '@ecg-render/scenario';
import { describeError, exitCodeFor, EXIT, UsageError } from '../errors.js';

export const IMPORT_HELP = `Usage: ecg-render import FILE [--preset NAME] [--aspect 16:9|9:16] [--output scenario.json]
       ecg-render import --export srt|vtt SCENARIO.json [--output FILE]

Converts SRT, WebVTT, ASS/SSA or word-timed JSON (Whisper) into a MotionText scenario styled with a
preset (${presetNames.join(', ')}), or exports a scenario's text as an SRT/WebVTT sidecar.
Without --output the result goes to stdout; warnings go to stderr.`;

export async function importCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        preset: { type: 'string' },
        aspect: { type: 'string' },
        output: { type: 'string', short: 'o' },
        export: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${IMPORT_HELP}\n`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${IMPORT_HELP}\n`);
    return EXIT.ok;
  }
  try {
    if (positionals.length !== 1) throw new UsageError('Give exactly one input file');
    const path = resolve(positionals[0]!);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new UsageError(`${path} cannot be read`);
    });
    let output: string;
    if (values.export) {
      if (values.export !== 'srt' && values.export !== 'vtt')
        throw new UsageError('--export must be srt or vtt');
      const { scenario } = normalizeScenario(JSON.parse(text) as unknown);
      output = exportSubtitles(scenario, values.export);
    } else {
      if (values.aspect && values.aspect !== '16:9' && values.aspect !== '9:16')
        throw new UsageError('--aspect must be 16:9 or 9:16');
      const result = importSubtitles(text, {
        filename: basename(path),
        ...(values.preset ? { preset: values.preset as never } : {}),
        ...(values.aspect ? { aspect: values.aspect as never } : {}),
      });
      for (const warning of result.warnings) process.stderr.write(`warning: ${warning.message}\n`);
      output = `${JSON.stringify(result.scenario, null, 2)}\n`;
    }
    if (values.output) await writeFile(resolve(values.output), output);
    else process.stdout.write(output);
    return EXIT.ok;
  } catch (error) {
    const described = describeError(error);
    process.stderr.write(`error [${described.code}]: ${described.message}\n`);
    if (error instanceof UsageError) process.stderr.write(`\n${IMPORT_HELP}\n`);
    return exitCodeFor(error);
  }
}
