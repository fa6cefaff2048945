/**
 * `file:` + path. FFmpeg reads `name:rest` as protocol `name` (`concat:`, `http:`, `subfile:`…),
 * and a leading `-` as an option; with the explicit prefix a user-influenced file name is only
 * ever a file name. (`file:` keeps relative paths relative.)
 */
export function fileUrl(path: string): string {
  return `file:${path}`;
}
