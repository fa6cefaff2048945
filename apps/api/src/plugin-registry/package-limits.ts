/**
 * Caps on an uploaded plugin package, matching what readPluginPackage accepts (200 files, 20 MiB),
 * applied while extracting so an archive bomb is stopped at the cap, not after it filled the disk.
 */
export const PACKAGE_LIMITS = {
  maxFiles: 200,
  maxTotalBytes: 20 * 1024 * 1024,
  /** The upload itself (archive or multipart body). */
  maxUploadBytes: 25 * 1024 * 1024,
} as const;
