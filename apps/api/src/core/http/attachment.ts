/** RFC 8187 ext-value: UTF-8, percent-encoded outside attr-char (encodeURIComponent leaves ' ( ) * as they are). */
const extValue = (s: string) =>
  `UTF-8''${encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/**
 * Content-Disposition of a download with a Chinese file name (RFC 6266 §4.3): `filename*` for browsers, which all
 * read it, and the ASCII `filename` for clients that do not (anything else in it becomes `_`).
 */
export function attachmentDisposition(fileName: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=${extValue(fileName)}`;
}
