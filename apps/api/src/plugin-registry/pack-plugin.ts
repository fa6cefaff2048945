import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { PluginPackage } from '@ecg-render/plugins';
import { pack } from 'tar-stream';

/**
 * The stored form of a registered package: a plain tar of exactly the files readPluginPackage
 * hashed, in its order, with fixed times and modes — the same package always packs to the same
 * bytes. Workers unpack it and check the content hash before any of its code runs. Files are read
 * whole: a package is at most 20 MiB (readPluginPackage refuses more).
 */
export async function packPlugin(pkg: PluginPackage): Promise<Readable> {
  const tar = pack();
  for (const file of pkg.files) {
    const bytes = await readFile(join(pkg.dir, ...file.split('/')));
    tar.entry(
      { name: file, size: bytes.length, mode: 0o644, mtime: new Date(0), type: 'file' },
      bytes,
    );
  }
  tar.finalize();
  // tar-stream's streams are streamx streams; storage takes a Node Readable.
  return Readable.from(tar);
}
