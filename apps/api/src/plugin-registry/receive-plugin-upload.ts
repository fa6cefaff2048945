import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EcgError } from '@ecg-render/errors';
import type { FastifyRequest } from 'fastify';
import { saveStreamToFile } from '../http/save-stream-to-file.js';
import { extractTar } from './extract-tar.js';
import { extractZip } from './extract-zip.js';
import { PACKAGE_LIMITS } from './package-limits.js';
import { PackageWriter } from './package-writer.js';

export interface ReceivedPackage {
  /** The package folder (the one holding manifest.json). */
  dir: string;
  cleanup(): Promise<void>;
}

const tooLarge = (): EcgError =>
  new EcgError(
    'PAYLOAD_TOO_LARGE',
    `The plugin upload is larger than ${PACKAGE_LIMITS.maxUploadBytes} bytes`,
    {
      details: { max: PACKAGE_LIMITS.maxUploadBytes },
    },
  );

/**
 * Unpacks an uploaded plugin package into a fresh folder under `tmpDir`: a .zip or .tar(.gz) body,
 * a multipart form with one such archive, or a multipart form whose files are named by their path
 * in the package (`manifest.json`, `index.mjs`, `assets/x.png`). A package wrapped in one
 * top-level folder is found inside it. The caller removes the folder with cleanup().
 */
export async function receivePluginUpload(
  request: FastifyRequest,
  tmpDir: string,
): Promise<ReceivedPackage> {
  const work = join(tmpDir, randomUUID());
  const root = join(work, 'package');
  await mkdir(root, { recursive: true });
  const cleanup = (): Promise<void> => rm(work, { recursive: true, force: true });
  try {
    const writer = new PackageWriter(root);
    if (request.isMultipart()) {
      // preservePath: busboy strips folders from file names by default, which would flatten
      // assets/x.png to x.png (and hide a ../ that must be refused, not silently dropped).
      for await (const part of request.parts({ preservePath: true })) {
        if (part.type !== 'file') continue;
        const name = part.filename || part.fieldname;
        if (/\.(zip|tar|tar\.gz|tgz)$/i.test(name) && !name.includes('/')) {
          await extractArchive(part.file, work, writer);
        } else {
          await writer.write(name, part.file);
        }
        if (part.file.truncated) throw tooLarge();
      }
    } else if (request.body instanceof Readable) {
      // The archive parsers of the plugin routes hand the body over as a stream.
      await extractArchive(request.body, work, writer);
    } else {
      // No body, or one another parser already read (JSON): not a package.
      throw new EcgError(
        'UNSUPPORTED_CONTENT_TYPE',
        'Send the plugin package as a .zip or .tar(.gz) body, or as multipart/form-data',
        { details: { field: 'body', contentType: request.headers['content-type'] ?? null } },
      );
    }
    return { dir: await packageRoot(root), cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** Saves the archive (zip needs random access to its central directory), then extracts by its magic. */
async function extractArchive(
  source: Readable,
  work: string,
  writer: PackageWriter,
): Promise<void> {
  const archive = join(work, `${randomUUID()}.archive`);
  await saveStreamToFile({
    source,
    path: archive,
    maxBytes: PACKAGE_LIMITS.maxUploadBytes,
    onLimit: tooLarge,
  });
  const head = Buffer.alloc(512);
  const handle = await open(archive, 'r');
  const { bytesRead } = await handle.read(head, 0, 512, 0).finally(() => handle.close());
  if (head[0] === 0x50 && head[1] === 0x4b) {
    await extractZip(archive, writer);
  } else if (head[0] === 0x1f && head[1] === 0x8b) {
    await extractTar({ source: createReadStream(archive), gzipped: true }, writer);
  } else if (bytesRead >= 262 && head.toString('latin1', 257, 262) === 'ustar') {
    await extractTar({ source: createReadStream(archive), gzipped: false }, writer);
  } else {
    throw new EcgError('INVALID_PLUGIN', 'The upload is not a zip or tar(.gz) archive', {
      details: { field: 'body' },
    });
  }
}

async function packageRoot(root: string): Promise<string> {
  const entries = await readdir(root);
  if (entries.includes('manifest.json')) return root;
  if (entries.length === 1) {
    const inner = join(root, entries[0]!);
    if ((await stat(inner)).isDirectory() && (await readdir(inner)).includes('manifest.json'))
      return inner;
  }
  throw new EcgError(
    'INVALID_PLUGIN',
    'The plugin package has no manifest.json (at its top, or in its one folder)',
  );
}
