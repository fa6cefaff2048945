// A worker process for tests that need real processes (SIGKILL, several workers): configured from
// its environment like `ecg-render worker`, plus ECG_TEST_WORKER (JSON) with test-only settings.
// Run with: node --import ./apps/worker/src/test/register-ts.mjs apps/worker/src/test/worker-child.ts
import { loadConfigFromProcess } from '@ecg-render/config';
import { runWorkerProcess } from '../run-worker-process.js';

const extra = JSON.parse(process.env.ECG_TEST_WORKER ?? '{}') as Parameters<
  typeof runWorkerProcess
>[0]['worker'] & {
  queue?: Parameters<typeof runWorkerProcess>[0]['queue'];
};
const { queue, ...worker } = extra ?? {};
const code = await runWorkerProcess({
  config: loadConfigFromProcess(),
  worker,
  ...(queue && { queue }),
});
process.exit(code);
