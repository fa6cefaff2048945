import type { Readable } from 'node:stream';
import { EcgError } from '@ecg-render/errors';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { PackageWriter } from './package-writer.js';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

function invalid(message: string): EcgError {
  return new EcgError('INVALID_PLUGIN', message, { details: { format: 'zip' } });
}

/**
 * Extracts a zip archive file through `writer`. Only regular files and folders: symbolic links
 * (Unix mode in the external attributes) and anything else are refused. yauzl checks that each
 * entry inflates to exactly its declared size (validateEntrySizes), and the writer caps the total.
 */
export async function extractZip(path: string, writer: PackageWriter): Promise<void> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, validateEntrySizes: true, strictFileNames: false },
      (error, file) => {
        if (error) reject(invalid(`The zip archive cannot be read: ${error.message}`));
        else resolve(file);
      },
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (error: unknown): void => {
        reject(
          error instanceof EcgError
            ? error
            : invalid(`The zip archive cannot be read: ${(error as Error).message}`),
        );
      };
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: Entry) => {
        void (async () => {
          const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
          const isFolder = entry.fileName.endsWith('/') || mode === S_IFDIR;
          if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) {
            throw invalid(
              `The zip archive holds ${entry.fileName}, which is not a regular file (links are not allowed)`,
            );
          }
          if (entry.isEncrypted())
            throw invalid(`The zip archive holds an encrypted entry: ${entry.fileName}`);
          if (!isFolder && !ignored(entry.fileName)) {
            const stream = await new Promise<Readable>((res, rej) => {
              zip.openReadStream(entry, (error, s) =>
                error ? rej(invalid(error.message)) : res(s),
              );
            });
            await writer.write(entry.fileName, stream);
          }
          zip.readEntry();
        })().catch(fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

/** Archivers' droppings that are not part of any package. */
function ignored(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.split('/').pop() === '.DS_Store';
}
