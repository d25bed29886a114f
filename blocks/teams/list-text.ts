import { moreText } from '../wording/list-wording.js';
import { truncateText } from './teams-markdown.js';

/**
 * Lines as one list text, whole lines only, with "…and N more <noun>" for what did not fit by count or length.
 * Lines must already be escaped; each is shown as "• line" on its own paragraph (Teams joins single newlines).
 * @example listText(['a', 'b', 'c'], { maxItems: 2, noun: ['invoice', 'invoices'] }) // "• a\n\n• b\n\n…and 1 more invoice"
 */
export function listText(lines: readonly string[], opts: { maxItems: number; noun: readonly [string, string]; maxChars?: number }): string {
  const budget = opts.maxChars ?? 2800;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines.slice(0, opts.maxItems)) {
    const bullet = `• ${truncateText(line, 500)}`;
    if (used + bullet.length + 2 > budget) break;
    shown.push(bullet);
    used += bullet.length + 2;
  }
  const hidden = lines.length - shown.length;
  const more = hidden === 0 ? [] : [moreText(hidden, opts.noun)];
  return [...shown, ...more].join('\n\n');
}
