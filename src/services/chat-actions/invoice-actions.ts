import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date.js';
import { formatAmount, parseAmount } from '../../domain/money.js';
import type { ChatActionStore } from '../../ports/chat-actions.js';
import { actorLabel, refuseNul, refused, requireKnown, type ActionResult, type Actor } from './action-result.js';

/**
 * Logs a promise to pay: the cadence holds until the promised date plus grace; a broken promise is flagged.
 * `amount` is the decimal the person typed (optional: empty means the whole amount due).
 */
export async function logPromise(
  store: ChatActionStore, actor: Actor, invoiceId: bigint, input: { date: string; amount: string; note: string }, today: CalendarDate,
): Promise<ActionResult> {
  const unknown = requireKnown(actor);
  if (unknown) return unknown;
  if (!isCalendarDate(input.date)) return refused('invalid', 'pick the date the customer promised to pay');
  if (input.date < today) return refused('invalid', 'the promised date is in the past; pick today or a later date');
  const nul = refuseNul(input.note);
  if (nul) return nul;
  const currency = await store.invoiceCurrency(invoiceId);
  if (!currency) return refused('not_found', 'this invoice no longer exists');
  let minor: bigint | null = null;
  if (input.amount.trim() !== '') {
    const parsed = parseAmount(input.amount, currency);
    if (!parsed.ok || parsed.minor <= 0n) return refused('invalid', parsed.ok ? 'the amount must be more than zero' : parsed.reason);
    minor = parsed.minor;
  }
  await store.logPromise(invoiceId, input.date, minor, input.note.trim(), actorLabel(actor));
  const amount = minor === null ? '' : ` ${formatAmount(minor, currency)} ${currency}`;
  return { ok: true, refresh: [`invoice:${invoiceId}`], thread: `${actor.name} logged a promise to pay${amount} on ${input.date}` };
}

/** Pauses reminders for the invoice until a date (or until released), with a reason for the audit trail. */
export async function pauseReminders(
  store: ChatActionStore, actor: Actor, invoiceId: bigint, input: { until: string; reason: string }, today: CalendarDate,
): Promise<ActionResult> {
  const unknown = requireKnown(actor);
  if (unknown) return unknown;
  const until = input.until.trim() === '' ? null : input.until;
  if (until !== null && (!isCalendarDate(until) || until < today)) return refused('invalid', 'pick a date from today on, or leave it empty');
  if (input.reason.trim() === '') return refused('invalid', 'say why reminders are paused');
  const nul = refuseNul(input.reason);
  if (nul) return nul;
  const ok = await store.holdReminders(invoiceId, until, input.reason.trim(), actorLabel(actor));
  if (!ok) return refused('not_found', 'this invoice no longer exists');
  return { ok: true, refresh: [`invoice:${invoiceId}`], thread: `${actor.name} paused reminders${until ? ` until ${until}` : ''}: ${input.reason.trim()}` };
}
