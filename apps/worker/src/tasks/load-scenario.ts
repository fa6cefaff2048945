import type { JobScenario } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import type { WorkerRuntime } from '../worker-runtime.js';

/** The job's scenario JSON: inline in the row, or stored by the API (large scenarios). */
export async function loadScenario(input: {
  rt: WorkerRuntime;
  scenario: JobScenario;
  signal: AbortSignal;
}): Promise<unknown> {
  if (input.scenario.kind === 'inline') return input.scenario.scenario;
  const { stream, size } = await input.rt.storage.getStream(input.scenario.key, {
    signal: input.signal,
  });
  const limit = input.rt.config.limits.maxScenarioBytes;
  if (size > limit) {
    stream.destroy();
    throw new EcgError('PAYLOAD_TOO_LARGE', `The scenario is larger than ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new EcgError('INVALID_SCENARIO', 'The stored scenario is not valid JSON', {
      cause: error,
    });
  }
}
