import { cleanFreeText } from '../text-safety.js';
import type { FailedRecipient } from './delivery-status.js';
import { foldText } from './fold-text.js';

/**
 * Bounces written for people rather than as RFC 3464 fields: Exchange's "Delivery has failed to these recipients or
 * groups", Exim's "The following address(es) failed", Gmail's and Office 365's "wasn't delivered to", and their
 * French wordings. Read conservatively: only addresses an anchor phrase or X-Failed-Recipients names, and a status
 * only from an enhanced code (5.1.1) before the returned message, never from a bare number that could be an amount.
 */

export const maxDiagnosticLength = 300;
/** A bounce names at most this many recipients we act on: each may cost the service a lookup. */
export const maxRecipients = 50;

const address = String.raw`([^\s<>@"',;:()\[\]]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63})`;
const addressAll = new RegExp(address, 'g');

// Folded (lower case, no accents, straight apostrophes). Addresses follow on the next lines.
const listAnchors = [
  /delivery has failed to these recipients or groups/,
  /la remise a echoue pour ces destinataires ou groupes/,
  /the following address\(es\) failed/,
  /the following recipients? (?:could not|couldn't) be reached/,
  /the following addresses had permanent fatal errors/,
  /les adresses suivantes ont echoue/,
  /le message n'a pas pu etre (?:remis|distribue) aux destinataires suivants/,
];
// The address is in the sentence itself.
const inlineAnchors = [
  new RegExp(String.raw`(?:wasn't|was not|couldn't be|could not be|can't be|cannot be) delivered to\s+<?${address}`, 'g'),
  new RegExp(String.raw`your message to\s+<?${address}>?\s+(?:couldn't|could not|can't|cannot) be delivered`, 'g'),
  new RegExp(String.raw`message (?:a|pour)\s+<?${address}>?\s+n'a pas pu etre (?:remis|distribue|livre)`, 'g'),
  new RegExp(String.raw`n'a pas pu etre (?:remis|distribue|livre) a\s+<?${address}`, 'g'),
];
// Where the returned message starts: a status code after it is the original's text, not the server's.
const returnedMessage = /(original message|message d'origine|-{3,}\s*original|en-tetes du message d'origine|this is a copy of the message)/;

/**
 * The recipients a human-readable bounce names, each with the first enhanced status code of the bounce (before the
 * returned message) and the line it stands on. Empty when no anchor phrase and no X-Failed-Recipients name one.
 * @example textBounceRecipients('Delivery has failed to these recipients or groups:\n\nap@acme.example\nRemote Server returned \'550 5.1.1 User unknown\'', undefined) // [{ addresses: ['ap@acme.example'], status: '5.1.1', permanent: true, diagnostic: "Remote Server returned '550 5.1.1 User unknown'" }]
 */
export function textBounceRecipients(text: string, xFailedRecipients: string | undefined): FailedRecipient[] {
  const folded = foldText(text);
  const found = [...addressesIn(foldText(xFailedRecipients ?? '')), ...listedAfterAnchors(folded), ...inlineNamed(folded)];
  const addresses = [...new Set(found)].slice(0, maxRecipients);
  if (addresses.length === 0) return [];
  const cut = returnedMessage.exec(folded)?.index;
  // foldText keeps one character per precomposed letter, so the cut is close enough on the original text.
  const head = cut === undefined ? text : text.slice(0, cut);
  const status = enhancedStatusIn(head);
  const line = status === null ? undefined : head.split(/\r?\n/).find((l) => l.includes(status));
  const diagnostic = line === undefined ? null : boundedDiagnostic(line);
  return addresses.map((a) => ({ addresses: [a], status, permanent: status?.startsWith('5') ?? false, diagnostic }));
}

/**
 * The first enhanced status code of a failure (4.x.x or 5.x.x), not part of an IP address or version number.
 * @example enhancedStatusIn('host 192.0.2.25 said: 550 5.1.1 User unknown') // "5.1.1"
 */
export function enhancedStatusIn(text: string): string | null {
  return /(?<![\w.])([45]\.\d{1,3}\.\d{1,3})(?![\w]|\.\d)/.exec(text)?.[1] ?? null;
}

/**
 * A remote server's words as one safe line: controls and invisible characters removed, whitespace collapsed, cut
 * at `maxDiagnosticLength`; null when nothing is left.
 * @example boundedDiagnostic('550 5.1.1 <ap@acme.example>:\n  Recipient address rejected') // "550 5.1.1 <ap@acme.example>: Recipient address rejected"
 */
export function boundedDiagnostic(text: string): string | null {
  const line = cleanFreeText(text.slice(0, 4 * maxDiagnosticLength)).replace(/\s+/g, ' ').trim();
  if (line === '') return null;
  return line.length <= maxDiagnosticLength ? line : `${line.slice(0, maxDiagnosticLength - 1)}…`;
}

const addressesIn = (text: string) => [...text.matchAll(addressAll)].map((m) => m[1]!);

/** Addresses on the lines after each list anchor: blank lines skipped, then every line naming one, in a row. */
function listedAfterAnchors(folded: string): string[] {
  const out: string[] = [];
  for (const anchor of listAnchors) {
    const m = anchor.exec(folded);
    if (!m) continue;
    const [rest = '', ...lines] = folded.slice(m.index + m[0].length, m.index + m[0].length + 4000).split(/\r?\n/);
    // "…or groups: ap@acme.example" on the anchor's own line (an HTML bounce flattened to text).
    out.push(...addressesIn(rest));
    let started = false;
    for (const line of lines) {
      const here = addressesIn(line);
      if (here.length === 0 && (started || line.trim() !== '')) break;
      if (here.length > 0) started = true;
      out.push(...here);
    }
  }
  return out;
}

function inlineNamed(folded: string): string[] {
  return inlineAnchors.flatMap((re) => [...folded.matchAll(re)].map((m) => m[1]!));
}
