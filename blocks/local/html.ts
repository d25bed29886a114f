import { escapeHtml } from '../html-escape.js';

/** HTML escaping for text and attribute values: the only way user or Slack text reaches the page. */
export { escapeHtml };

/** An HTML fragment already escaped; built only by the functions of blocks/local. */
export type Html = string;

/** `name="value"` pairs, escaped; false, null and undefined leave the attribute out, true writes it bare. */
export function attrs(pairs: Readonly<Record<string, string | number | boolean | null | undefined>>): Html {
  return Object.entries(pairs)
    .filter(([, v]) => v !== false && v !== null && v !== undefined)
    .map(([k, v]) => (v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`))
    .join('');
}

/** Hidden form fields, escaped. */
export function hiddenFields(fields: Readonly<Record<string, string>>): Html {
  return Object.entries(fields).map(([name, value]) => `<input type="hidden"${attrs({ name, value })}>`).join('');
}

/** Only http(s) and mailto links become links; anything else (javascript:, data:) is shown as text. */
export function isSafeHref(url: string): boolean {
  return /^(https?:\/\/|mailto:)/i.test(url);
}
