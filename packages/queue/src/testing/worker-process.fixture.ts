// A worker in a process of its own, for the test that kills one with SIGKILL mid-job. Built with
// esbuild by the test and run by node: `node worker.mjs <port> <prefix>`. Its render handler
// announces the job on stdout and then never finishes, so the kill always lands mid-job.
import { startWorkers } from '../start-workers.js';

const [port, prefix] = process.argv.slice(2);
const idle = async (): Promise<void> => {};

await startWorkers({
  connection: { host: '127.0.0.1', port: Number(port) },
  prefix: prefix ?? '',
  stalled: { lockDurationMs: 1_000, stalledIntervalMs: 500 },
  handlers: {
    render: async ({ jobId }) => {
      process.stdout.write(`started ${jobId}\n`);
      await new Promise(() => {});
    },
    'render-segment': idle,
    'join-segments': idle,
    webhook: idle,
    reconcile: idle,
  },
});
process.stdout.write('ready\n');
