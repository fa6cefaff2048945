import { EcgError } from '@ecg-render/errors';

/**
 * Checks a path inside an uploaded plugin package and returns it as `/`-joined segments.
 * Refused (INVALID_PLUGIN): absolute paths, drive letters, backslashes, `.`/`..` or empty
 * segments, control characters and very deep or long names — anything that could write outside
 * the extraction folder or mean different files on different systems.
 */
export function safeRelativePath(name: string): string {
  const refuse = (reason: string): EcgError =>
    new EcgError(
      'INVALID_PLUGIN',
      `Unsafe path in the plugin package: ${JSON.stringify(name.slice(0, 200))} (${reason})`,
      {
        details: { path: name.slice(0, 200), reason },
      },
    );
  const trimmed = name.endsWith('/') ? name.slice(0, -1) : name;
  if (trimmed === '') throw refuse('empty');
  if (trimmed.length > 512) throw refuse('too long');
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw refuse('control characters');
  if (trimmed.includes('\\')) throw refuse('backslash');
  if (trimmed.startsWith('/') || /^[A-Za-z]:/.test(trimmed)) throw refuse('absolute');
  const segments = trimmed.split('/');
  if (segments.length > 16) throw refuse('nested too deeply');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..')
      throw refuse('"." , ".." or empty segment');
    if (segment.length > 255) throw refuse('segment too long');
  }
  return segments.join('/');
}
