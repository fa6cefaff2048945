import type { JobScenario } from '@ecg-render/db';
import { EcgError } from '@ecg-render/errors';
import type { Storage } from '@ecg-render/storage';

/**
 * A job's scenario JSON: inline in its row, or stored by the API under a key (large scenarios),
 * read with the deployment's size limit. Workers render it; the API exports captions from it.
 */
export async function loadJobScenario(input: {
  storage: Storage;
  scenario: JobScenario;
  maxBytes: number;
  signal?: AbortSignal;
}): Promise<unknown> {
  if (input.scenario.kind === 'inline') return input.scenario.scenario;
  const { stream, size } = await input.storage.getStream(input.scenario.key, {
    ...(input.signal && { signal: input.signal }),
  });
  if (size > input.maxBytes) {
    stream.destroy();
    throw new EcgError('PAYLOAD_TOO_LARGE', `The scenario is larger than ${input.maxBytes} bytes`);
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
