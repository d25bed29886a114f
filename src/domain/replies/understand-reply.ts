import { dateInZone, type CalendarDate } from '../calendar-date.js';
import { disputeSignalIn, disputeSignalOrder, type DisputeSignal } from './dispute-signals.js';
import { foldText, splitClauses, splitSentences } from './fold-text.js';
import { findAmounts, type AmountMention } from './reply-amounts.js';
import { findDates, type DateMention } from './reply-dates.js';
import { stripReply } from './strip-reply.js';

/** What a reply seems to say: proposals for a person to confirm, never actions. */
export interface ReplyUnderstanding {
  readonly promise: { date: CalendarDate; amountMinor: bigint | null; currency: string | null } | null;
  readonly dispute: { signal: DisputeSignal; evidence: string } | null;
  readonly alreadyPaid: { date: CalendarDate | null; reference: string | null } | null;
}

export interface ReplyToUnderstand {
  readonly text: string;
  /** When the email was sent: relative words ("tomorrow", "vendredi prochain") count from its date in `zone`. */
  readonly sentAt: Date;
  /** The customer's IANA time zone. */
  readonly zone: string;
  /** The invoice's currency, for amounts written without one that the text cannot tell ("$" for CAD). */
  readonly currency?: string;
}

// Folded words that make a clause about paying.
const payWords =
  /\b(?:pay|pays|paying|paid|payment|payments|settle|settled|settlement|transfer|transferred|remit|remitted|wire|check|cheque|funds|money|ach|bacs|eft|sepa|clear (?:the|this|it|our|your)|sort (?:it|this|that)|virement|vire|paiement|payer|paye|payee|payons|paierons|paierai|payerons|payerai|paie|reglerons|reglerai|reglons|reglez|honoree|honorer|honorerons|honored|honoured|regler|reglee?|reglement|verser|versement|verserons|will do|can do|ok pour|d'accord pour)\b/;
// A negated or conditional clause is never a promise: "we can't pay before the 15th" says when payment will NOT
// happen, "we will not pay until the credit note" gives no date at all.
const negation =
  /\b(?:not|never|can't|cant|cannot|won't|wont|unable|impossible|until|unless|once|pas|jamais|tant que|sauf|des que|lorsque)\b|\bn'|\bne\s/;
// "nous ne pourrons régler que le 15 avril" restricts ("only on the 15th"), it does not deny: not a negation.
const restrictive = /\b(?:ne\s|n')(?:(?!pas\b|jamais\b|plus\b|aucune?\b|rien\b|point\b)[\w'-]{1,30}\s){1,3}?qu(?:e\b|')/g;
// A condition reaches its whole sentence: "if you send the PO, we pay Friday" and "we pay Friday, provided the
// credit note arrives" promise nothing until the condition is met. Courtesies ("if that's ok") are no condition.
const condition =
  /\b(?:if|unless|provided|providing|as soon as|once(?! again| more)|upon receipt|on receipt|subject to|pending|si|des que|des reception|a reception|apres reception|lorsque|une fois|a condition|sous reserve)\b/;
const courtesy =
  /\b(?:even if|meme si|if (?:that|this|it)(?:'s| is)? (?:ok|okay|fine|alright|works|suits)|if possible|if needed|if necessary|if you have (?:any )?questions?|si possible|si besoin|si necessaire|si (?:cela|ca) vous (?:convient|va)|si vous avez des questions)\b/g;

function isNegated(folded: string): boolean {
  return negation.test(folded.replace(restrictive, ' '));
}

function isConditional(foldedSentence: string): boolean {
  return condition.test(foldedSentence.replace(courtesy, ' '));
}

// A date right after these is the invoice's, its due date or a past event, not when the customer will pay.
const referenceBefore =
  /(?:invoice|inv|facture|bill|order|commande|statement|releve|avoir|credit note|devis|quote)\s(?:(?:no\.?|n°|nr|#)\s?\S{1,20}\s)?(?:dated\s|of\s|from\s|du\s|d'|issued\s(?:on\s)?|emise le\s|datee du\s|en date du\s)?$|(?:dated|datee du|en date du|issued on|emise le|due|due on|due by|was due on|echeance|echeance du|echeance au|echue le|echue au)\s$/;
// A payment reference holds a digit: "ref TRX-99812", "référence VIR-20260303", not "reference of the invoice".
const referencePattern =
  /(?<![\p{L}\d])(?:ref(?:erence)?|réf(?:érence)?|transaction(?: id)?|trx)(?![\p{L}])\.?\s?(?:no\.?\s?|n°\s?)?[:#]?\s?(?=[A-Za-z/_-]{0,39}\d)([A-Za-z0-9][A-Za-z0-9/_-]{2,39})/iu;

// "règlement à échéance du 30/11", "paid on the due date, 30 November": paying at the due date names the payment's.
const atDueDate = /\b(?:a|at|on) (?:l')?(?:echeance|the due date|due date|maturity)(?: du| le| au| of)?\s$/;

function paymentDates(folded: string, today: CalendarDate, zone: string): DateMention[] {
  return findDates(folded, today, zone).filter((d) => {
    const before = folded.slice(Math.max(0, d.start - 40), d.start);
    return atDueDate.test(before) || !referenceBefore.test(before);
  });
}

/** A promise is kept in the future: a date before the email ("cheque posted on 2nd Nov") is not one. */
function promisedDates(folded: string, today: CalendarDate, zone: string): DateMention[] {
  return paymentDates(folded, today, zone).filter((d) => d.date >= today);
}

/** "1,000 EUR now and 200 EUR on 31/03": the amount written closest to the promised date is the promised one. */
function nearestAmount(amounts: readonly AmountMention[], at: number): AmountMention | undefined {
  let best: AmountMention | undefined;
  for (const a of amounts) if (best === undefined || Math.abs(a.start - at) < Math.abs(best.start - at)) best = a;
  return best;
}

/** The most specific of several signals (see `disputeSignalOrder`), or null. */
function mostSpecific(found: ReadonlyArray<DisputeSignal | null>): DisputeSignal | null {
  let best: DisputeSignal | null = null;
  for (const s of found) if (s !== null && (best === null || disputeSignalOrder.indexOf(s) < disputeSignalOrder.indexOf(best))) best = s;
  return best;
}

function isAlreadyPaid(folded: string): boolean {
  return disputeSignalIn(folded) === 'already_paid';
}

/**
 * Reads a customer's reply for a payment promise, a dispute and a claim of payment, in English and French.
 * Quoted history and signatures are stripped first, so dates in them never count. Dates resolve against the
 * email's date in the customer's zone; negated clauses ("we can't pay before the 15th") and conditional sentences
 * ("if you send the PO, we pay Friday") promise nothing, nor does a date already past; a date that names the invoice
 * ("invoice of 1 March") or its due date is not the payment date.
 * @example understandReply({ text: 'Invoice of 1 March: we pay €1,200.50 on 15 March.', sentAt: new Date('2026-03-10T09:00:00Z'), zone: 'Europe/Paris' })
 * // { promise: { date: '2026-03-15', amountMinor: 120050n, currency: 'EUR' }, dispute: null, alreadyPaid: null }
 * @example understandReply({ text: 'Le virement sera fait demain.', sentAt: new Date('2026-03-31T23:30:00Z'), zone: 'Europe/Paris' }).promise?.date
 * // "2026-04-02" (the email is dated 1 April in Paris)
 * @example understandReply({ text: 'If you send the PO, we pay Friday.', sentAt: new Date('2026-03-10T09:00:00Z'), zone: 'Europe/London' }).promise
 * // null
 */
export function understandReply(reply: ReplyToUnderstand): ReplyUnderstanding {
  const today = dateInZone(reply.sentAt, reply.zone);
  const body = stripReply(reply.text);
  const sentences = splitSentences(body);
  const clauses: string[] = [];
  const conditional: boolean[] = [];
  for (const sentence of sentences) {
    const parts = splitClauses(sentence);
    const isIf = isConditional(foldText(sentence));
    clauses.push(...parts);
    conditional.push(...parts.map(() => isIf));
  }
  const folded = clauses.map(foldText);

  // Disputes are read per sentence and per clause: "the quote said 3 days, you bill 5" spans a comma, while
  // "Hi, paid on 30/09" opens its clause, not its sentence.
  let dispute: ReplyUnderstanding['dispute'] = null;
  let alreadyPaid: ReplyUnderstanding['alreadyPaid'] = null;
  let rank = disputeSignalOrder.length;
  for (const sentence of sentences) {
    const f = foldText(sentence);
    const parts = splitClauses(sentence);
    const signal = mostSpecific((parts.length > 1 ? [f, ...parts.map(foldText)] : [f]).map(disputeSignalIn));
    if (signal === null) continue;
    const r = disputeSignalOrder.indexOf(signal);
    if (r < rank) {
      rank = r;
      dispute = { signal, evidence: sentence.slice(0, 200) };
    }
    if (signal === 'already_paid' && alreadyPaid === null) {
      const reference = referencePattern.exec(body)?.[1] ?? null;
      // A payment already made is never dated after the email: "paid on Friday" names no date we can trust.
      const date = paymentDates(f, today, reply.zone).find((d) => d.date <= today)?.date ?? null;
      alreadyPaid = { date, reference };
    }
  }

  let promise: ReplyUnderstanding['promise'] = null;
  for (let i = 0; i < folded.length && promise === null; i++) {
    const f = folded[i]!;
    if (!payWords.test(f) || conditional[i] || isNegated(f) || isAlreadyPaid(f)) continue;
    let source = f;
    let dates = promisedDates(f, today, reply.zone);
    // "Payment: 15 March" is split at the colon; the date then sits alone in the next clause.
    const next = folded[i + 1];
    if (dates.length === 0 && next !== undefined && !payWords.test(next) && !isNegated(next) && !conditional[i + 1]) {
      source = next;
      dates = promisedDates(next, today, reply.zone);
    }
    // "approved today, it goes in the payment run on the 19th": the date after the payment word is the promise.
    const at = source === f ? f.search(payWords) : 0;
    const first = dates.find((d) => d.start >= at) ?? dates[0];
    if (first === undefined) continue;
    const amount = nearestAmount(findAmounts(source, reply.currency), first.start) ?? findAmounts(f, reply.currency)[0];
    promise = {
      date: first.date,
      amountMinor: amount?.minor ?? null,
      currency: amount?.currency ?? reply.currency ?? null,
    };
  }
  return { promise, dispute, alreadyPaid };
}
