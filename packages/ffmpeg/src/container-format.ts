import type { Container } from './types.js';

/**
 * FFmpeg muxer name for a container. Always passed as `-f`: the caller writes to a temporary
 * name (renamed when complete) whose extension FFmpeg could not guess from.
 */
export function containerFormat(container: Container): string {
  switch (container) {
    case 'mp4':
      return 'mp4';
    case 'mov':
      return 'mov';
    case 'mkv':
      return 'matroska';
    case 'webm':
      return 'webm';
    default: {
      const never: never = container;
      throw new TypeError(`Unknown container ${String(never)}`);
    }
  }
}
