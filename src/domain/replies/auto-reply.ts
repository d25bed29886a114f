import { foldText } from './fold-text.js';

/** Header lookup by case-insensitive name: mail headers are case-insensitive and providers spell them as they like. */
function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

const negative = new Set(['no', 'false', '0']);
const autoPrecedence = new Set(['auto_reply', 'bulk', 'junk', 'list']);
// Exchange marks its own out-of-office and auto-replies with these tokens.
const suppressTokens = new Set(['all', 'oof', 'autoreply']);

// Folded subject phrases that only machines write; "Auto:" and "Absent :" only as a prefix (after RE:/TR:).
const subjectPhrases =
  /(automatic reply|auto[- ]?reply|autoreply|out of (the )?office|away from (the )?office|reponse automatique|reponse auto\b|absence du bureau|message d'absence|notification d'absence|abwesenheitsnotiz)/;
const subjectPrefix = /^((re|tr|fw|fwd)\s?:\s?)*(auto|absent|absent\(e\)|absente|ooo)\s?:/;

/**
 * True when a message was sent by a machine on someone's behalf (out-of-office, auto-responder, list or bulk
 * mail), so it must not be read as the customer's answer: RFC 3834 `Auto-Submitted` (anything but "no"),
 * `X-Autoreply`, `X-Autorespond`, `Precedence: auto_reply/bulk/junk/list`, Exchange's `X-Auto-Response-Suppress`
 * with All/OOF/AutoReply, or an English/French auto-reply subject.
 * @example isAutoReply({ 'Auto-Submitted': 'auto-replied' }, 'Re: invoice') // true
 * @example isAutoReply({}, 'Réponse automatique : Relance facture') // true
 * @example isAutoReply({ 'Auto-Submitted': 'no' }, 'Re: invoice 42') // false
 */
export function isAutoReply(headers: Readonly<Record<string, string>>, subject: string): boolean {
  const submitted = header(headers, 'Auto-Submitted');
  if (submitted !== undefined && !negative.has(submitted.trim().toLowerCase().split(';')[0]!.trim())) return true;
  for (const name of ['X-Autoreply', 'X-Autorespond', 'X-Autoresponder', 'X-Auto-Reply']) {
    const value = header(headers, name);
    if (value !== undefined && !negative.has(value.trim().toLowerCase())) return true;
  }
  const precedence = header(headers, 'Precedence');
  if (precedence !== undefined && autoPrecedence.has(precedence.trim().toLowerCase())) return true;
  const suppress = header(headers, 'X-Auto-Response-Suppress');
  if (suppress !== undefined && suppress.toLowerCase().split(/[,\s]+/).some((t) => suppressTokens.has(t))) {
    return true;
  }
  const folded = foldText(subject.slice(0, 1000)).trim();
  return subjectPhrases.test(folded) || subjectPrefix.test(folded);
}

/**
 * True when a message is a bounce (delivery status notification): `multipart/report` with
 * `report-type=delivery-status`, a "MAILER-DAEMON" / "Mail Delivery Subsystem" / postmaster sender, or an
 * `X-Failed-Recipients` header. `contentType` wins over the `Content-Type` header when both are given.
 * @example isDeliveryStatusNotification({}, 'multipart/report; report-type=delivery-status; boundary="b"') // true
 * @example isDeliveryStatusNotification({ From: 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>' }) // true
 */
export function isDeliveryStatusNotification(
  headers: Readonly<Record<string, string>>,
  contentType?: string,
): boolean {
  const type = (contentType ?? header(headers, 'Content-Type') ?? '').toLowerCase();
  if (type.includes('multipart/report') && /report-type\s?=\s?"?delivery-status/.test(type)) return true;
  if (header(headers, 'X-Failed-Recipients') !== undefined) return true;
  const from = (header(headers, 'From') ?? '').toLowerCase();
  return /mailer-daemon|mail delivery (subsystem|system)|^postmaster@|<postmaster@/.test(from);
}
