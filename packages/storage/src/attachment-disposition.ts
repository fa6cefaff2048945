/**
 * A `Content-Disposition: attachment` value for a download name. The plain `filename` gets an ASCII
 * fallback (quotes, backslashes and non-ASCII replaced) for old clients; `filename*` carries the
 * exact UTF-8 name (RFC 6266 / RFC 8187).
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
