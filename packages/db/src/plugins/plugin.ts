/** A plugin package in the registry, pinned by the sha256 of its content. */
export interface Plugin {
  id: string;
  name: string;
  version: string;
  sha256: string;
  storageKey: string;
  sizeBytes: number;
  manifest: Record<string, unknown>;
  createdAt: Date;
}
