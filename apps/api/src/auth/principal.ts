import type { JobScope } from '@ecg-render/db';

/** Who a request acts for: an API key (sees its own jobs only), or anyone when AUTH is disabled. */
export interface Principal {
  /** Null when AUTH is disabled: jobs are created without a key and every job is visible. */
  apiKeyId: string | null;
  scope: JobScope;
}
