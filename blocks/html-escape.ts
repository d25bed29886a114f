/** Every HTML arbot writes (emails, the dispute page, the local workspace) escapes text through this one function. */
const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values alike. Only these five characters: Mustache's
 * default also encodes "/" and "=", which turns every href into `https:&#x2F;&#x2F;…` (valid HTML, but link
 * trackers and some mail clients do not decode it).
 * @example escapeHtml(`<a href="x">'&'</a>`) // "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c]!);
}
