import type { Config } from '@ecg-render/config';
import { createStorage, type Storage } from '@ecg-render/storage';

/** The storage adapter a configuration names. */
export function storageFor(config: Config): Storage {
  const s = config.storage;
  if (s.kind === 'local') return createStorage({ kind: 'local', root: s.dir });
  return createStorage({
    kind: 's3',
    bucket: s.bucket,
    region: s.region,
    ...(s.endpoint !== null && { endpoint: s.endpoint }),
    forcePathStyle: s.forcePathStyle,
    ...(s.credentials !== null && { credentials: s.credentials }),
    checksums: s.checksums,
  });
}
