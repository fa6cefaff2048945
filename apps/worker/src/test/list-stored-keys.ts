import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/**
 * Every object key under `prefix`, read from the store's own files: local storage keeps one file
 * per key under its root; s3rver keeps `<key>._S3rver_object` files under its bucket folder.
 * (The Storage interface has no listing; tests check what is really there.)
 */
export async function listStoredKeys(input: {
  dir: string;
  kind: 'local' | 's3rver';
  prefix: string;
}): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.push(relative(input.dir, path).split(sep).join('/'));
    }
  };
  await walk(input.dir);
  return out
    .filter((key) =>
      input.kind === 's3rver' ? key.endsWith('._S3rver_object') : !key.startsWith('.tmp/'),
    )
    .map((key) => (input.kind === 's3rver' ? key.slice(0, -'._S3rver_object'.length) : key))
    .filter((key) => key.startsWith(input.prefix))
    .sort();
}
