/** Longer bodies are cut before parsing: a reply's new part is short, and this bounds the work hostile input gets. */
export const maxHtmlLength = 200_000;

const blockTags = new Set([
  'p', 'div', 'br', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'ul', 'ol', 'section',
  'article', 'header', 'footer', 'pre', 'dd', 'dt', 'dl', 'address', 'blockquote', 'center', 'form', 'fieldset',
]);
// Their content is never text a person wrote: skip to the matching close tag.
const droppedTags = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'svg', 'object', 'iframe']);

const named: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', euro: '€', pound: '£', laquo: '«', raquo: '»',
  rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…', ndash: '–', mdash: '—', eacute: 'é', egrave: 'è',
  ecirc: 'ê', agrave: 'à', acirc: 'â', ccedil: 'ç', ocirc: 'ô', ucirc: 'û', ugrave: 'ù', icirc: 'î', iuml: 'ï',
  euml: 'ë', Eacute: 'É', Agrave: 'À', Ccedil: 'Ç', deg: '°', copy: '©', reg: '®', shy: '',
};

/**
 * Decodes HTML character references: named ones common in mail, decimal and hexadecimal; unknown ones stay as
 * written.
 * @example decodeEntities('R&eacute;gl&eacute; &amp; pay&#233; &#x20AC;5') // "Réglé & payé €5"
 */
export function decodeEntities(text: string): string {
  // Bounded quantifiers and no nesting: linear in the input.
  return text.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return named[ref] ?? whole;
  });
}

/**
 * Reduces an HTML mail body to plain text: block elements become line breaks, `<blockquote>` lines get a "> "
 * prefix (so `stripReply` drops them as quoted history), scripts, styles and comments go, entities are decoded.
 * A single forward scan with `indexOf`, no backtracking regex: input of any shape costs linear time.
 * @example htmlToText('<p>We pay <b>15&nbsp;March</b></p><blockquote>due 1 March</blockquote>') // "We pay 15 March\n> due 1 March"
 */
export function htmlToText(html: string): string {
  const src = html.length > maxHtmlLength ? html.slice(0, maxHtmlLength) : html;
  const lower = src.toLowerCase();
  const lines: string[] = [];
  let line = '';
  let quoteDepth = 0;
  const newline = () => {
    lines.push(line);
    line = '';
  };
  const emit = (raw: string) => {
    const text = decodeEntities(raw.replace(/\s+/g, ' '));
    if (text.trim().length === 0) {
      if (line.length > 0 && !line.endsWith(' ')) line += ' ';
      return;
    }
    if (line.length === 0 && quoteDepth > 0) line = '> '.repeat(quoteDepth);
    line += line.length === 0 || line.endsWith(' ') ? text.trimStart() : text;
  };
  let i = 0;
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt < 0) {
      emit(src.slice(i));
      break;
    }
    if (lt > i) emit(src.slice(i, lt));
    if (lower.startsWith('<!--', lt)) {
      const end = lower.indexOf('-->', lt + 4);
      i = end < 0 ? src.length : end + 3;
      continue;
    }
    const next = src[lt + 1] ?? '';
    if (!/[a-zA-Z/!?]/.test(next)) {
      emit('<');
      i = lt + 1;
      continue;
    }
    const gt = src.indexOf('>', lt + 1);
    if (gt < 0) break; // an unterminated tag: browsers drop the rest too
    const closing = next === '/';
    let j = lt + (closing ? 2 : 1);
    const nameStart = j;
    while (j < gt && /[a-zA-Z0-9]/.test(src[j]!)) j++;
    const name = lower.slice(nameStart, j);
    i = gt + 1;
    if (!closing && droppedTags.has(name)) {
      const end = lower.indexOf(`</${name}`, i);
      if (end < 0) break;
      const endGt = lower.indexOf('>', end);
      i = endGt < 0 ? src.length : endGt + 1;
      continue;
    }
    if (name === 'td' || name === 'th') emit(' ');
    if (!blockTags.has(name)) continue;
    if (line.trim().length > 0 || name === 'br') newline();
    if (name === 'blockquote') quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
  }
  newline();
  return lines
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
