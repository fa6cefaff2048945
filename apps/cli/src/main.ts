import { readFileSync } from 'node:fs';
import { doctorCommand, DOCTOR_HELP } from './commands/doctor.js';
import { importCommand, IMPORT_HELP } from './commands/import.js';
import { renderCommand, RENDER_HELP } from './commands/render.js';
import { EXIT } from './errors.js';

const HELP = `ecg-render — burn animated MotionText captions into video

Usage: ecg-render <command> [options]

Commands:
  render    render one video (a scenario or subtitle file + a video → a captioned video)
  doctor    check FFmpeg, encoders, GPU, Chromium and fonts on this machine
  import    convert SRT/WebVTT/ASS/word-timed JSON to a scenario, or a scenario to SRT/WebVTT
  serve     run the API, web studio and a worker (standalone; --mode api for the API only)
  worker    run a render worker (distributed mode)
  keys      create, list and revoke API keys

Run "ecg-render <command> --help" for a command's options.`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'render':
      return renderCommand(rest);
    case 'doctor':
      return doctorCommand(rest);
    case 'import':
      return importCommand(rest);
    // The service commands load the API, queue and database code only when used, so a plain
    // `render` starts fast.
    case 'serve':
      return (await import('./commands/serve.js')).serveCommand(rest);
    case 'worker':
      return (await import('./commands/worker.js')).workerCommand(rest);
    case 'keys':
      return (await import('./commands/keys.js')).keysCommand(rest);
    case '--version':
    case '-v': {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
        version: string;
      };
      process.stdout.write(`ecg-render ${pkg.version}\n`);
      return EXIT.ok;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      process.stderr.write(`error: unknown command "${command}"\n\n${HELP}\n`);
      return EXIT.usage;
  }
}

export const HELPS = {
  render: RENDER_HELP,
  doctor: DOCTOR_HELP,
  import: IMPORT_HELP,
};
