import { backOffSurrogate } from '../wording/plain-text.js';
import { teamsCardLimits, textBlock, type Container, type TextBlock } from './adaptive-card.js';

// Long text that someone else wrote (a customer's email), already escaped, as a shaded quote of as many TextBlocks
// as Teams' length limit needs, within a byte budget so the card stays under Teams' payload limit.

/**
 * Escaped text with each line its own paragraph: Teams joins lines a single "\n" separates, and an email's line
 * breaks carry meaning (a greeting, a list of invoices, a signature).
 * @example paragraphs('Hello,\nwe paid.') // "Hello,\n\nwe paid."
 */
export const paragraphs = (escaped: string): string => escaped.replace(/\n+/g, '\n\n');

/** A piece cut in the middle of a line must not start like a list item (escaping guards line starts only). */
const guardListStart = (piece: string) => piece.replace(/^(\s*)([-+]|\d+\.)(?=\s)/, '$1\u2060$2');

/**
 * Splits escaped text into pieces of at most `max` characters, between paragraphs where it can, keeping their JSON
 * within `budgetBytes`; `left` counts the characters that did not fit (0: all of it).
 * @example splitQuoted('a\n\nb', 2, 1000) // { pieces: ['a', 'b'], left: 0 }
 */
export function splitQuoted(escaped: string, max: number, budgetBytes: number): { pieces: string[]; left: number } {
  const pieces: string[] = [];
  let rest = escaped;
  let used = 0;
  while (rest.trim() !== '') {
    const atBreak = rest.length <= max ? rest.length : rest.lastIndexOf('\n\n', max);
    const end = atBreak > 0 ? atBreak : backOffSurrogate(rest, max);
    const piece = guardListStart(rest.slice(0, end));
    const bytes = Buffer.byteLength(JSON.stringify(piece), 'utf8');
    if (used + bytes > budgetBytes) return { pieces, left: rest.length };
    pieces.push(piece);
    used += bytes;
    rest = rest.slice(end).replace(/^\n+/, '');
  }
  return { pieces, left: 0 };
}

/** Escaped text set apart in a shaded box (Teams cards have no block quote), in as many TextBlocks as it needs. */
export function quotedBox(escaped: string, budgetBytes: number): { box: Container; left: number } {
  const { pieces, left } = splitQuoted(paragraphs(escaped), teamsCardLimits.textBlock, budgetBytes);
  const items: TextBlock[] = (pieces.length === 0 ? ['—'] : pieces).map((p) => textBlock(p));
  return { box: { type: 'Container', style: 'emphasis', items }, left };
}
