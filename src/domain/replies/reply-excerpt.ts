import { stripReply } from './strip-reply.js';

/** Characters of a reply shown in a list (the customer's `/ar` conversation, the App Home). */
export const replyExcerptLength = 200;

/**
 * The start of a reply's new part on one line: quoted history and signature removed (stripReply), every run of
 * whitespace (line breaks included) made one space, then cut to `max` characters ending with "…", never splitting a
 * surrogate pair. The text stays the customer's: renderers escape it.
 * @example replyExcerpt('We pay on\n15 March.\n\nOn Mon, 2 Mar 2026, AR <ar@x.com> wrote:\n> Due 1 March') // "We pay on 15 March."
 */
export function replyExcerpt(text: string, max: number = replyExcerptLength): string {
  const line = stripReply(text).replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  if (max < 1) return '';
  let cut = max - 1;
  const last = line.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${line.slice(0, cut).trimEnd()}…`;
}
