import { createLocalStorage, type LocalStorageOptions } from './create-local-storage.js';
import { createS3Storage, type S3StorageOptions } from './create-s3-storage.js';
import type { Storage } from './storage.js';

export type StorageOptions =
  ({ kind: 'local' } & LocalStorageOptions) | ({ kind: 's3' } & S3StorageOptions);

/** The adapter a deployment's configuration names: local disk (standalone) or S3 (distributed). */
export function createStorage(options: StorageOptions): Storage {
  switch (options.kind) {
    case 'local':
      return createLocalStorage(options);
    case 's3':
      return createS3Storage(options);
  }
}
