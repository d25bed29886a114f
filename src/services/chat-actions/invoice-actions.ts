import { subject } from '../../domain/subject.js';
import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date.js';
import { formatAmount, parseAmount } from '../../domain/money.js';
import { defaultChangeLimits, describeChange, needsFinanceApproval, type ChangeLimits } from '../../domain/rights/change-limits.js';
import { isFinanceApprover } from '../../domain/rights/chat-rights.js';
import { emptyTermsPolicy, limitsFor } from '../../domain/rights/terms-policy.js';
import type { ChatActionStore, InvoiceParties, RequestedChange } from '../../ports/chat-actions.js';
import { actorLabel, refuseNul, refuseUnlessAllowed, refuseUnlessReason, refused, type ActionResult, type Actor } from './action-result.js';

/**
 * Logs a promise to pay: the cadence holds until the promised date plus grace; a broken promise is flagged.
 * `amount` is the decimal the person typed (optional: empty means the whole amount due). The customer's owners and
 * finance may; a promise further away than the terms policy allows for the customer's segment (`limits`, from
 * PROMISE_MAX_DAYS, when no policy says) waits for a finance approver (see requestIfOverLimit).
 */
export async function logPromise(
  store: ChatActionStore, actor: Actor, invoiceId: bigint, input: { date: string; amount: string; note: string }, today: CalendarDate,
  limits: ChangeLimits = defaultChangeLimits,
): Promise<ActionResult> {
  const parties = await store.invoiceParties(invoiceId);
  if (!parties) return refused('not_found', 'this invoice no longer exists');
  const denied = refuseUnlessAllowed(actor, 'log_promise', parties);
  if (denied) return denied;
  if (!isCalendarDate(input.date)) return refused('invalid', 'pick the date the customer promised to pay');
  if (input.date < today) return refused('invalid', 'the promised date is in the past; pick today or a later date');
  const nul = refuseNul(input.note);
  if (nul) return nul;
  const currency = parties.currency;
  let minor: bigint | null = null;
  if (input.amount.trim() !== '') {
    const parsed = parseAmount(input.amount, currency);
    if (!parsed.ok || parsed.minor <= 0n) return refused('invalid', parsed.ok ? 'the amount must be more than zero' : parsed.reason);
    minor = parsed.minor;
  }
  const change: RequestedChange = { kind: 'promise', date: input.date, amountMinor: minor, note: input.note.trim() };
  const pending = await requestIfOverLimit(store, actor, invoiceId, change, parties, today, limits);
  if (pending) return pending;
  await store.logPromise(invoiceId, input.date, minor, input.note.trim(), actorLabel(actor));
  const amount = minor === null ? '' : ` ${formatAmount(minor, currency)} ${currency}`;
  return { ok: true, refresh: [subject('invoice', invoiceId)], thread: `${actor.name} logged a promise to pay${amount} on ${input.date}` };
}

/**
 * Pauses reminders for the invoice until a date (or until released), with a reason for the audit trail. The
 * customer's owners and finance may; a pause with no end date or longer than the terms policy allows for the
 * customer's segment (`limits`, from PAUSE_MAX_DAYS, when no policy says) waits for a finance approver.
 */
export async function pauseReminders(
  store: ChatActionStore, actor: Actor, invoiceId: bigint, input: { until: string; reason: string }, today: CalendarDate,
  limits: ChangeLimits = defaultChangeLimits,
): Promise<ActionResult> {
  const parties = await store.invoiceParties(invoiceId);
  if (!parties) return refused('not_found', 'this invoice no longer exists');
  const denied = refuseUnlessAllowed(actor, 'pause_reminders', parties);
  if (denied) return denied;
  const until = input.until.trim() === '' ? null : input.until;
  if (until !== null && (!isCalendarDate(until) || until < today)) return refused('invalid', 'pick a date from today on, or leave it empty');
  const bad = refuseUnlessReason(input.reason, 'say why reminders are paused');
  if (bad) return bad;
  const pending = await requestIfOverLimit(store, actor, invoiceId, { kind: 'pause', until, reason: input.reason.trim() }, parties, today, limits);
  if (pending) return pending;
  const ok = await store.holdReminders(invoiceId, until, input.reason.trim(), actorLabel(actor));
  if (!ok) return refused('not_found', 'this invoice no longer exists');
  return { ok: true, refresh: [subject('invoice', invoiceId)], thread: `${actor.name} paused reminders${until ? ` until ${until}` : ''}: ${input.reason.trim()}` };
}

/**
 * Past the limits, a change asked by anyone but a finance approver is kept pending and finance is asked (an
 * approval card); nothing stops until a finance approver approves. Null: within the limits, or asked by a finance
 * approver, so the caller applies it at once. The limits are those of the terms policy for the customer's segment,
 * read now (a policy loaded a second ago applies), with `defaults` where the policy says nothing.
 */
async function requestIfOverLimit(
  store: ChatActionStore, actor: Actor, invoiceId: bigint, change: RequestedChange, parties: InvoiceParties, today: CalendarDate, defaults: ChangeLimits,
): Promise<ActionResult | null> {
  const limits = limitsFor((await store.termsPolicy()) ?? emptyTermsPolicy, parties.segment, defaults);
  const why = needsFinanceApproval(change, today, limits);
  if (why === null || isFinanceApprover(actor)) return null;
  const r = await store.requestChange({ invoiceId, change, limitReason: why, requestedById: actor.ownerId!, requestedBy: actorLabel(actor) });
  if (r === null) return refused('not_found', 'this invoice no longer exists');
  const what = describeChange(change, parties.currency);
  if ('alreadyPending' in r) return refused('already_pending', `a request to ${change.kind === 'pause' ? 'pause reminders' : 'log a promise'} on this invoice already waits for a finance approver`);
  return {
    ok: true, refresh: [subject('invoice', invoiceId)], pending: true,
    thread: `${actor.name} asked a finance approver to ${what} (${why}); nothing changes until it is approved`,
  };
}
