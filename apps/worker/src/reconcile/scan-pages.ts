import type { Job, JobScanPage, ScanCursor } from '@ecg-render/db';

/**
 * Runs `each` over the rows of one of the reconciler's scans, page by page, from `start` (where
 * the previous pass stopped; null: the first row) for at most `maxRows`. Resolves with where it
 * stopped: null once it reached the last row (the next pass starts over), or the cursor to resume
 * from when the budget ran out first — so a backlog larger than one pass is covered over a few
 * passes instead of the same first rows being handled on every one.
 */
export async function scanPages(input: {
  start: ScanCursor | null;
  maxRows: number;
  pageSize: number;
  page: (after: ScanCursor | null, limit: number) => Promise<JobScanPage>;
  each: (job: Job) => Promise<void>;
}): Promise<ScanCursor | null> {
  let after = input.start;
  let seen = 0;
  while (seen < input.maxRows) {
    const page = await input.page(after, Math.min(input.pageSize, input.maxRows - seen));
    for (const job of page.jobs) await input.each(job);
    seen += page.jobs.length;
    after = page.next;
    if (after === null) break;
  }
  return after;
}
