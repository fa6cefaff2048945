import { EcgError } from '@ecg-render/errors';
import { JOB_SCHEMAS, type JobName, type JobPayloads } from './job-schemas.js';

/**
 * Checks a payload where it enters or leaves the queue. A bad payload is a programming error or
 * data written by another version; either way no retry can fix it, hence INVALID_REQUEST.
 */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayloads[N] {
  const schema = JOB_SCHEMAS[name] as (typeof JOB_SCHEMAS)[JobName] | undefined;
  if (!schema) {
    throw new EcgError('INVALID_REQUEST', `Unknown job name ${JSON.stringify(name)}`, {
      details: { name },
    });
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new EcgError('INVALID_REQUEST', `Invalid ${name} payload: ${result.error.message}`, {
      details: {
        name,
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    });
  }
  return result.data as JobPayloads[N];
}
