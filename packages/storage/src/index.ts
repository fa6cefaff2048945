export type {
  ByteRange,
  GetStreamOptions,
  GetStreamResult,
  ObjectStat,
  PresignGetOptions,
  PutFileOptions,
  PutResult,
  PutStreamOptions,
  Storage,
} from './storage.js';
export { createLocalStorage, type LocalStorageOptions } from './create-local-storage.js';
export { createS3Storage, type S3StorageOptions } from './create-s3-storage.js';
export { createStorage, type StorageOptions } from './create-storage.js';
export { validateKey } from './validate-key.js';
export { validatePrefix } from './validate-prefix.js';
export { contentTypeForKey } from './content-type-for-key.js';
export { attachmentDisposition } from './attachment-disposition.js';
