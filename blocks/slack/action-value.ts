import { z } from 'zod';
import { dbIdText } from '../../src/chat/chat-action.js';
import { isCalendarDate } from '../../src/domain/calendar-date.js';
import { isCurrencyCode } from '../../src/domain/currency.js';
import { disputeStatuses, type DisputeStatus } from '../../src/domain/disputes/dispute-status.js';

/**
 * What a button or option carries back to arbot: the subject only, as compact JSON (Slack caps a button value at
 * 2,000 characters and an option value at 150). Handlers re-load and re-check everything; a value is never trusted
 * for anything but "which row did they click on".
 *
 *   {"i":"123"}                     an invoice
 *   {"d":"45"} / {"d":"45","st":"resolved"}   a dispute / a dispute and the status picked in the menu
 *   {"e":"67"}                      a reminder email waiting for approval
 *   {"r":"8"}                       a change (long pause, far promise) waiting for a finance approver
 *   {"bc":"3"}                      a change of bank details waiting for a finance approver
 *   {"rp":"9"}                      a customer's reply (answer it, resume reminders, mark it done, read it whole)
 *   {"i":"123","rp":"9"}            an invoice, from a customer's reply (a promise or dispute pre-filled from it)
 *   {"c":"ACME-001"}                a customer, by external id (the /ar chooser)
 *   {"cu":"12"}                     a customer, by database id (its late-payment charges' buttons on /ar)
 *   {"asof":"2026-03-31","seg":"top"}   the /dso report to share
 *   {"asof":"2026-03-31","cur":"EUR"}   one currency of it in detail (its "Details" button)
 *   {"a":"12"}                      a credit alert (its customer's credit buttons)
 */
export type ActionValue =
  | { readonly kind: 'invoice'; readonly invoiceId: string }
  | { readonly kind: 'dispute'; readonly disputeId: string; readonly status?: DisputeStatus }
  | { readonly kind: 'email'; readonly emailId: string }
  | { readonly kind: 'change_request'; readonly requestId: string }
  | { readonly kind: 'bank_change'; readonly changeId: string }
  | { readonly kind: 'reply'; readonly replyId: string }
  | { readonly kind: 'reply_invoice'; readonly invoiceId: string; readonly replyId: string }
  | { readonly kind: 'customer'; readonly customerExternalId: string }
  | { readonly kind: 'customer_fees'; readonly customerId: string }
  | { readonly kind: 'dso'; readonly asOf: string; readonly segment?: string; readonly currency?: string }
  | { readonly kind: 'alert'; readonly alertId: string };

export type ActionValueKind = ActionValue['kind'];

export type ParsedActionValue = { ok: true; value: ActionValue } | { ok: false; reason: string };

/** Database ids are bigint: decimal digits only, and no more than int8 holds (a bigger one would fail the query). */
const id = dbIdText;

const schema = z.union([
  z.strictObject({ i: id }).transform((v): ActionValue => ({ kind: 'invoice', invoiceId: v.i })),
  z.strictObject({ d: id, st: z.enum(disputeStatuses).optional() }).transform((v): ActionValue =>
    v.st === undefined ? { kind: 'dispute', disputeId: v.d } : { kind: 'dispute', disputeId: v.d, status: v.st }),
  z.strictObject({ e: id }).transform((v): ActionValue => ({ kind: 'email', emailId: v.e })),
  z.strictObject({ a: id }).transform((v): ActionValue => ({ kind: 'alert', alertId: v.a })),
  z.strictObject({ r: id }).transform((v): ActionValue => ({ kind: 'change_request', requestId: v.r })),
  z.strictObject({ rp: id }).transform((v): ActionValue => ({ kind: 'reply', replyId: v.rp })),
  z.strictObject({ bc: id }).transform((v): ActionValue => ({ kind: 'bank_change', changeId: v.bc })),
  z.strictObject({ i: id, rp: id }).transform((v): ActionValue => ({ kind: 'reply_invoice', invoiceId: v.i, replyId: v.rp })),
  z.strictObject({ cu: id }).transform((v): ActionValue => ({ kind: 'customer_fees', customerId: v.cu })),
  z.strictObject({ c: z.string().min(1) }).transform((v): ActionValue => ({ kind: 'customer', customerExternalId: v.c })),
  z.strictObject({ asof: z.string().refine(isCalendarDate), seg: z.string().min(1).max(40).optional(), cur: z.string().refine(isCurrencyCode).optional() })
    .transform((v): ActionValue => ({
      kind: 'dso', asOf: v.asof, ...(v.seg === undefined ? {} : { segment: v.seg }), ...(v.cur === undefined ? {} : { currency: v.cur }),
    })),
]);

/**
 * Reads a button or option value back (zod `safeParse`: a forged or stale value is a returned error, not a throw).
 * With `expected`, a value of another kind is refused too.
 * @example parseActionValue('{"d":"45","st":"resolved"}') // { ok: true, value: { kind: 'dispute', disputeId: '45', status: 'resolved' } }
 * @example parseActionValue('{"i":"x"}') // { ok: false, reason: 'not an arbot action value' }
 */
export function parseActionValue(raw: string | undefined, expected?: ActionValueKind): ParsedActionValue {
  if (raw === undefined || raw.length > 2000) return { ok: false, reason: 'not an arbot action value' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // Not JSON at all: the same answer as JSON of the wrong shape.
    return { ok: false, reason: 'not an arbot action value' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: 'not an arbot action value' };
  if (expected !== undefined && parsed.data.kind !== expected) {
    return { ok: false, reason: `the value is for kind ${parsed.data.kind}, expected ${expected}` };
  }
  return { ok: true, value: parsed.data };
}

/**
 * A button value as the chat core decodes it (src/chat/chat-action.ts): the value's JSON, once this strict parse
 * accepts it as one of `kinds` (a claim button carrying an invoice is stale, not an invoice); null otherwise.
 * @example actionValueData('{"d":"45"}', ['dispute']) // { d: '45' }
 * @example actionValueData('{"i":"7"}', ['dispute']) // null
 */
export function actionValueData(raw: string | undefined, kinds: readonly ActionValueKind[]): Record<string, unknown> | null {
  const v = parseActionValue(raw);
  return v.ok && kinds.includes(v.value.kind) ? (JSON.parse(raw!) as Record<string, unknown>) : null;
}

/** `{"i":"123"}` */
export const invoiceValue = (invoiceId: string) => JSON.stringify({ i: invoiceId });
/** `{"d":"45"}` or, for a status menu option, `{"d":"45","st":"resolved"}` */
export const disputeValue = (disputeId: string, status?: DisputeStatus) =>
  JSON.stringify(status === undefined ? { d: disputeId } : { d: disputeId, st: status });
/** `{"e":"67"}` */
export const emailValue = (emailId: string) => JSON.stringify({ e: emailId });
/** `{"r":"8"}` */
export const changeRequestValue = (requestId: string) => JSON.stringify({ r: requestId });
/** `{"bc":"3"}` */
export const bankChangeValue = (changeId: string) => JSON.stringify({ bc: changeId });
/** `{"rp":"9"}` */
export const replyValue = (replyId: string) => JSON.stringify({ rp: replyId });
/** `{"i":"123","rp":"9"}`: the invoice a promise or dispute is about, and the reply it comes from. */
export const replyInvoiceValue = (invoiceId: string, replyId: string) => JSON.stringify({ i: invoiceId, rp: replyId });
/** `{"cu":"12"}`: a customer's late-payment charges. */
export const customerFeesValue = (customerId: string) => JSON.stringify({ cu: customerId });
/** `{"c":"ACME-001"}` */
export const customerValue = (customerExternalId: string) => JSON.stringify({ c: customerExternalId });
/** `{"asof":"2026-03-31","seg":"top"}`, with `"cur":"EUR"` for one currency's details. */
export const dsoValue = (asOf: string, segment?: string, currency?: string) =>
  JSON.stringify({ asof: asOf, ...(segment === undefined ? {} : { seg: segment }), ...(currency === undefined ? {} : { cur: currency }) });

/** `{"a":"12"}`: a credit alert, whose customer the credit buttons act on. */
export const creditValue = (alertId: string) => JSON.stringify({ a: alertId });
