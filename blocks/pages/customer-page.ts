import { createHash } from 'node:crypto';
import mustache from 'mustache';
import { pickTemplateLanguage } from '../email/template-language.js';
import { escapeHtml } from '../html-escape.js';
import { loadPageTemplates, type PageName, type PageTemplates } from './load-page-templates.js';

/**
 * The shell of every customer page (dispute page, statement): one HTML document in the customer's language, with
 * `<html lang>` set to the language of the text. Works without JavaScript and without any other resource (the
 * style is inline and allowed by its hash), so the page's CSP can forbid everything else.
 */

const style = [
  'body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}',
  'main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'h2{font-size:1.1rem;margin:0 0 .5rem}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}',
  'dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}',
  'fieldset{border:1px solid #595959;border-radius:4px;padding:.75rem 1rem;margin:0 0 1rem}',
  'legend{font-weight:600;padding:0 .25rem}',
  '.choice{display:flex;gap:.5rem;align-items:center;margin:.35rem 0}',
  '.choice input{width:1.15rem;height:1.15rem;margin:0}',
  'label{cursor:pointer}',
  '.field>label{display:block;font-weight:600}',
  'textarea{display:block;width:100%;box-sizing:border-box;min-height:8rem;font:inherit;padding:.5rem;margin:.25rem 0;border:1px solid #595959;border-radius:4px}',
  'button{font:inherit;font-weight:600;color:#fff;background:#1a5fb4;border:0;border-radius:4px;padding:.6rem 1.2rem;cursor:pointer}',
  'button:hover{background:#144a8c}',
  'a{color:#1a5fb4}',
  ':focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}',
  '.hint{color:#4a4a4a;font-size:.9rem;margin:.25rem 0}',
  '.error{color:#b00020;font-weight:600;margin:.25rem 0}',
  '.summary{border:2px solid #b00020;border-radius:4px;padding:.75rem 1rem;margin:0 0 1.5rem}',
  '.notice{border-left:4px solid #1a5fb4;background:#f0f5fb;padding:.75rem 1rem;margin:0 0 1.5rem}',
  '.invoices{list-style:none;margin:0;padding:0}.invoices li{border-top:1px solid #ccc;padding:.75rem 0;overflow-wrap:anywhere}',
  // The customer portal (blocks/portal-page.ts): its sections, states and date/amount fields.
  'section{margin:0 0 2rem}',
  '.field{margin:0 0 1rem}.field input{display:block;box-sizing:border-box;width:100%;max-width:16rem;font:inherit;padding:.5rem;margin:.25rem 0;border:1px solid #595959;border-radius:4px}',
  '.state{display:inline-block;font-size:.9rem;border:1px solid #595959;border-radius:3px;padding:0 .35rem;margin:.15rem .25rem .15rem 0}',
  // The portal's plan request (select) and an active plan's schedule (a table that scrolls on its own at 375 px).
  '.field select{display:block;box-sizing:border-box;width:100%;max-width:16rem;font:inherit;padding:.5rem;margin:.25rem 0;border:1px solid #595959;border-radius:4px;background:#fff}',
  '.table-wrap{overflow-x:auto;margin:0 0 1rem}table{border-collapse:collapse;width:100%}caption{text-align:left;font-weight:600;margin:0 0 .5rem}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #ccc}',
].join('');

/** The pages' Content-Security-Policy: nothing but their own inline style, forms only to themselves, never framed. */
export const customerPageCsp = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Loaded and checked once, when arbot starts (importing this module): a broken template stops it there. */
const templates: PageTemplates = loadPageTemplates();

/**
 * The language a page is written in for a BCP 47 locale: its language subtag when pages exist for it, else English.
 * @example pageLanguage('fr-CA') // "fr"
 */
export function pageLanguage(locale: string | null | undefined): string {
  return pickTemplateLanguage(locale ?? '', templates.languages);
}

/**
 * Renders one page in `language` (from pageLanguage): the title, then the body with the title in its view.
 * Every value is HTML-escaped by Mustache (the templates are checked to never print one unescaped).
 */
export function renderCustomerPage(page: PageName, language: string, view: Record<string, unknown>): string {
  const source = templates.sources.get(`${language}/${page}`) ?? templates.sources.get(`en/${page}`)!;
  const lang = templates.sources.has(`${language}/${page}`) ? language : 'en';
  const title = mustache.render(source.title, view, {}, { escape: (v: unknown) => String(v) }).replace(/\s+/g, ' ').trim();
  const body = mustache.render(source.html, { ...view, title }, templates.partials.get(lang) ?? {}, { escape: escapeHtml });
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body.trimEnd()}
</main>
</body>
</html>
`;
}

/**
 * The browser's preferred language among the pages' languages, from an Accept-Language header, for pages shown
 * before the customer is known (a broken or expired link). Null when none is offered.
 * @example acceptedPageLanguage('de-CH, fr;q=0.8, en;q=0.5') // "fr"
 */
export function acceptedPageLanguage(header: string | string[] | undefined): string | null {
  const text = Array.isArray(header) ? header.join(',') : header ?? '';
  const ranked = text.split(',').slice(0, 20).map((part, i) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
  }).filter((e) => e.q > 0 && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(e.tag))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranked) {
    const language = tag.split('-')[0]!.toLowerCase();
    if (templates.languages.includes(language)) return language;
  }
  return null;
}
