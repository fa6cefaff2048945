import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EcgError } from '@ecg-render/errors';
import { PACKAGE_LIMITS } from './package-limits.js';
import { safeRelativePath } from './safe-relative-path.js';

/**
 * Writes the files of one package into `root`, whatever they came from (zip, tar, multipart):
 * every name goes through safeRelativePath, the file count and total size are capped as bytes
 * arrive, and a name is written once (`wx`: a second entry with the same path is refused rather
 * than silently replacing the first).
 */
export class PackageWriter {
  private files = 0;
  private bytes = 0;

  constructor(private readonly root: string) {}

  async write(name: string, source: Readable): Promise<void> {
    const path = safeRelativePath(name);
    this.files += 1;
    if (this.files > PACKAGE_LIMITS.maxFiles) {
      source.destroy();
      throw new EcgError(
        'INVALID_PLUGIN',
        `The plugin package has more than ${PACKAGE_LIMITS.maxFiles} files`,
        {
          details: { limit: 'files', max: PACKAGE_LIMITS.maxFiles },
        },
      );
    }
    const target = join(this.root, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    const meter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        this.bytes += chunk.length;
        if (this.bytes > PACKAGE_LIMITS.maxTotalBytes) {
          callback(
            new EcgError(
              'INVALID_PLUGIN',
              `The plugin package is larger than ${PACKAGE_LIMITS.maxTotalBytes} bytes unpacked`,
              {
                details: { limit: 'bytes', max: PACKAGE_LIMITS.maxTotalBytes },
              },
            ),
          );
          return;
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      if (
        (error as NodeJS.ErrnoException).code === 'EEXIST' ||
        (error as NodeJS.ErrnoException).code === 'EISDIR'
      ) {
        throw new EcgError('INVALID_PLUGIN', `The plugin package names ${path} twice`, {
          details: { path },
        });
      }
      throw error;
    }
  }
}
