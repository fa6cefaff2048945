import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Storage } from '@ecg-render/storage';

/** Copies a stored object into a local file (streamed); the partial file is removed on failure. */
export async function saveObjectToFile(input: {
  storage: Storage;
  key: string;
  path: string;
  signal: AbortSignal;
}): Promise<number> {
  try {
    const { stream, size } = await input.storage.getStream(input.key, { signal: input.signal });
    await pipeline(stream, createWriteStream(input.path), { signal: input.signal });
    return size;
  } catch (error) {
    await rm(input.path, { force: true });
    throw error;
  }
}
