import { writeFile } from 'node:fs/promises';
import { formatConcatList } from './format-concat-list.js';

export interface WriteConcatListOptions {
  listPath: string;
  /** Relative paths are resolved by FFmpeg against the list file's folder. */
  segmentPaths: readonly string[];
}

/** Writes the concat list for `buildConcatCommand`; fails if the file exists (`wx`). */
export async function writeConcatList(options: WriteConcatListOptions): Promise<void> {
  await writeFile(options.listPath, formatConcatList(options.segmentPaths), {
    encoding: 'utf8',
    flag: 'wx',
  });
}
