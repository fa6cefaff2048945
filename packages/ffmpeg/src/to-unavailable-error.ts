import { EcgError } from '@ecg-render/errors';

/** Maps a spawn failure to `FFMPEG_UNAVAILABLE`; passes EcgErrors (CANCELLED) through. */
export function toUnavailableError(error: unknown, command: string): Error {
  if (error instanceof EcgError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES') {
    return new EcgError('FFMPEG_UNAVAILABLE', `${command} could not be started (${code})`, {
      details: { command, code },
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
