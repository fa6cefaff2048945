import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { EcgError } from '@ecg-render/errors';
import { extract } from 'tar-stream';
import type { PackageWriter } from './package-writer.js';

/**
 * Extracts a tar (gzipped or not: the first two bytes decide) through `writer`. Only regular files
 * and folders; links, devices and the like are refused.
 */
export async function extractTar(
  input: { source: Readable; gzipped: boolean },
  writer: PackageWriter,
): Promise<void> {
  const parser = extract();
  const stream = input.gzipped ? input.source.pipe(createGunzip()) : input.source;
  stream.on('error', (error) => parser.destroy(error));
  stream.pipe(parser);
  try {
    for await (const entry of parser) {
      const { type, name } = entry.header;
      if (type === 'directory') {
        entry.resume();
        continue;
      }
      if (type !== 'file' && type !== 'contiguous-file') {
        entry.resume();
        throw new EcgError(
          'INVALID_PLUGIN',
          `The tar archive holds ${name}, which is a ${type ?? 'special entry'} (only files are allowed)`,
          {
            details: { format: 'tar', path: name },
          },
        );
      }
      if (
        name.startsWith('__MACOSX/') ||
        name.split('/').pop() === '.DS_Store' ||
        name.split('/').pop()?.startsWith('._')
      ) {
        entry.resume();
        continue;
      }
      // tar-stream entries are streamx streams; Readable.from makes them Node streams for pipeline.
      await writer.write(name.replace(/^\.\//, ''), Readable.from(entry));
    }
  } catch (error) {
    parser.destroy();
    if (error instanceof EcgError) throw error;
    throw new EcgError(
      'INVALID_PLUGIN',
      `The tar archive cannot be read: ${(error as Error).message}`,
      {
        details: { format: 'tar' },
      },
    );
  }
}
