import { foldText } from './fold-text.js';

/** Longer replies are cut first: what a customer writes above the quote is short, and this bounds the work. */
export const maxReplyLength = 200_000;

// Each is tested against one folded, trimmed line; all are anchored and free of nested quantifiers (linear).
const quoteHeaderEnd = /(wrote|a ecrit|schrieb|escribio)\s?:$/;
const separators = [
  /^-{2,}\s?(original message|message d'origine|forwarded message|message transfere)\s?-{2,}/,
  /^_{8,}$/,
  /^(begin forwarded message|debut du message reexpedie)\s?:/,
];
const fromLine = /^\*?(from|de)\s?\*?\s?:/;
const sentLine = /^\*?(sent|envoye|date|to|a|objet|subject)\s?\*?\s?:/;
const signatureLines = [
  /^--\s?$/,
  /^(sent from my|sent from outlook|get outlook for|envoye de mon|envoye depuis|obtenir outlook pour|telechargez outlook)\b/,
];

/** Index of the first line that starts quoted history or a signature, or the line count when there is none. */
function cutIndex(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = foldText(lines[i]!).trim();
    if (separators.some((r) => r.test(line)) || signatureLines.some((r) => r.test(line))) return i;
    const opensQuote = line.startsWith('on ') || line.startsWith('le ');
    if (opensQuote && line.length < 400) {
      // Clients wrap a long "On <date>, <name> wrote:" line, so the ending may sit on the next line.
      const next = foldText(lines[i + 1] ?? '').trim();
      if (quoteHeaderEnd.test(line) || (next.length < 200 && quoteHeaderEnd.test(next))) return i;
    }
    if (fromLine.test(line)) {
      const following = lines.slice(i + 1, i + 5).map((l) => foldText(l).trim());
      if (following.some((l) => sentLine.test(l))) return i;
    }
  }
  return lines.length;
}

/**
 * The new part of a reply: quoted history ("On … wrote:", "Le … a écrit :", "-----Original Message-----",
 * Outlook's "From:/De :" block, "> " lines) and signatures ("-- ", "Sent from my iPhone", "Envoyé de mon iPhone")
 * removed, closings such as "Regards, John" kept, whitespace normalised.
 * @example stripReply('We pay on 15 March.\n\nOn Mon, 2 Mar 2026, AR <ar@x.com> wrote:\n> Due 1 March') // "We pay on 15 March."
 */
export function stripReply(text: string): string {
  const src = (text.length > maxReplyLength ? text.slice(0, maxReplyLength) : text).replace(/\r\n?/g, '\n');
  const lines = src.split('\n');
  const kept = lines.slice(0, cutIndex(lines)).filter((l) => !l.trimStart().startsWith('>'));
  return kept
    .map((l) => l.replace(/[\u00a0\u202f]/g, ' ').replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
