import { fileUrl } from './file-url.js';
import { formatSeconds } from './format-seconds.js';
import { SOURCE_DEMUXERS, SOURCE_PROTOCOLS } from './input-allowlists.js';

export interface SourceInputArgsOptions {
  path: string;
  /** Input-side seek (`-ss` before `-i`): decoding starts at the keyframe before, frames earlier than this are dropped. */
  seekSec?: number;
  /** Input-side duration (`-t` before `-i`). */
  durationSec?: number;
  /** Delay every stream of this input by this much (`-itsoffset`). */
  offsetSec?: number;
  /** Options placed before the seek, e.g. hardware decoding. */
  preInput?: readonly string[];
}

/**
 * The arguments that open an untrusted local media file: protocol and demuxer allowlists, then
 * `file:` + the path, so a name such as `concat:a|b`, `http://…` or `-i` is read as a file name
 * and never as a protocol or an option.
 */
export function sourceInputArgs(options: SourceInputArgsOptions): string[] {
  const args = [
    '-protocol_whitelist',
    SOURCE_PROTOCOLS.join(','),
    '-format_whitelist',
    SOURCE_DEMUXERS.join(','),
    ...(options.preInput ?? []),
  ];
  if (options.seekSec !== undefined && options.seekSec > 0) {
    args.push('-ss', formatSeconds(options.seekSec));
  }
  if (options.durationSec !== undefined) args.push('-t', formatSeconds(options.durationSec));
  if (options.offsetSec !== undefined && options.offsetSec > 0) {
    args.push('-itsoffset', formatSeconds(options.offsetSec));
  }
  args.push('-i', fileUrl(options.path));
  return args;
}
