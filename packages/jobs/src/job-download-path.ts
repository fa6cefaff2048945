/**
 * The API's download route for a job (it redirects to a presigned URL or streams the file), for
 * links in callbacks when storage cannot presign (local disk). Absolute when the deployment's
 * PUBLIC_BASE_URL is known.
 */
export function jobDownloadPath(input: { jobId: string; publicBaseUrl?: string | null }): string {
  const path = `/api/render/${encodeURIComponent(input.jobId)}/download`;
  return input.publicBaseUrl ? `${input.publicBaseUrl.replace(/\/+$/, '')}${path}` : path;
}
