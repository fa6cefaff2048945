import type { JobScope } from './job.js';

/**
 * The WHERE fragment that keeps a key to its own jobs, with its parameter. `next` is the number
 * the parameter takes ($next). A key asking for another key's job gets no row, which callers
 * report as "not found": existence of other tenants' jobs is not revealed.
 */
export function jobScopeClause(
  scope: JobScope,
  next: number,
): { clause: string; params: unknown[] } {
  switch (scope.kind) {
    case 'apiKey':
      return { clause: `api_key_id = $${next}`, params: [scope.apiKeyId] };
    case 'all':
      return { clause: 'TRUE', params: [] };
  }
}
