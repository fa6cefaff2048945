import type { Job } from '@ecg-render/db';
import { jobDownloadName, jobDownloadPath } from '@ecg-render/jobs';
import type { WorkerRuntime } from '../worker-runtime.js';

/**
 * The link a `completed` event carries: a presigned URL of the output, or the API's download
 * route (local storage, which has no presigning). Never throws: it is asked for after the job
 * completed, and a failed presign (S3 credential refresh, network) must not keep the one
 * `completed` event from being recorded — the API's route presigns again when it is followed.
 */
export async function outputDownloadUrl(input: {
  rt: WorkerRuntime;
  job: Pick<Job, 'id' | 'externalId'>;
  key: string;
}): Promise<string> {
  const { rt, job } = input;
  const apiDownload = jobDownloadPath({
    jobId: job.id,
    publicBaseUrl: rt.config.http.publicBaseUrl,
  });
  const downloadName = jobDownloadName({
    jobId: job.id,
    externalId: job.externalId,
    key: input.key,
  });
  return rt.storage
    .presignGet({
      key: input.key,
      expiresInSec: rt.config.storage.presignExpirySeconds,
      downloadName,
    })
    .then((presigned) => presigned ?? apiDownload)
    .catch((error: unknown) => {
      rt.logger.warn(
        { jobId: job.id, err: error },
        'could not presign the output; linking the API',
      );
      return apiDownload;
    });
}
