import { z } from 'zod';
import { customerCommentMaxLength, customerDisputeReasons } from '../../src/domain/customer-dispute.js';
import { disputeStatuses } from '../../src/domain/disputes/dispute-status.js';
import { actionIds } from '../../src/views/alert-view.js';

/**
 * What an `Action.Execute` carries back: its verb (the same action ids as Slack's buttons) and `data`, the subject
 * only ({"d":"45"}, {"i":"123"}, {"e":"67"}, {"r":"8"}, {"c":"ACME-001"}) merged by Teams with the values of the inputs of
 * the form it sits in. Handlers re-load and re-check everything; data is never trusted for more than "which row".
 * Input ids are a contract with cards already posted in people's Teams, so they never change.
 */
export const teamsVerbs = { ...actionIds, showCustomer: 'arbot.ar_customer' } as const;

export const inputIds = {
  promiseDate: 'promise_date',
  promiseAmount: 'promise_amount',
  promiseNote: 'promise_note',
  holdUntil: 'hold_until',
  holdReason: 'hold_reason',
  disputeReason: 'dispute_reason',
  disputeComment: 'dispute_comment',
  note: 'note_text',
  status: 'status',
  refuseReason: 'refuse_reason',
} as const;

/** Database ids are bigint: decimal digits only. */
const id = z.string().regex(/^[0-9]{1,19}$/);
/** An input left empty may arrive as "" or not at all. */
const text = (max: number) => z.string().max(max).default('');

const schemas = {
  [teamsVerbs.claimDispute]: z.object({ d: id }),
  [teamsVerbs.setDisputeStatus]: z.object({ d: id, [inputIds.status]: z.enum(disputeStatuses) }),
  [teamsVerbs.approveEscalation]: z.object({ e: id }),
  [teamsVerbs.handlePersonally]: z.object({ e: id }),
  [teamsVerbs.refuseEscalation]: z.object({ e: id, [inputIds.refuseReason]: text(1000) }),
  [teamsVerbs.logPromise]: z.object({ i: id, [inputIds.promiseDate]: text(10), [inputIds.promiseAmount]: text(40), [inputIds.promiseNote]: text(3000) }),
  [teamsVerbs.pauseReminders]: z.object({ i: id, [inputIds.holdUntil]: text(10), [inputIds.holdReason]: text(500) }),
  [teamsVerbs.openDispute]: z.object({ i: id, [inputIds.disputeReason]: z.enum(customerDisputeReasons), [inputIds.disputeComment]: text(customerCommentMaxLength) }),
  [teamsVerbs.addNote]: z.union([
    z.object({ d: id, [inputIds.note]: text(3000) }),
    z.object({ i: id, [inputIds.note]: text(3000) }),
  ]),
  [teamsVerbs.showCustomer]: z.object({ c: z.string().min(1).max(200) }),
  [teamsVerbs.approveChange]: z.object({ r: id }),
  [teamsVerbs.refuseChange]: z.object({ r: id, [inputIds.refuseReason]: text(1000) }),
} as const;

export type TeamsVerb = keyof typeof schemas;
export type ActionData<V extends TeamsVerb> = z.output<(typeof schemas)[V]>;
export type ParsedAction = { [V in TeamsVerb]: { readonly verb: V; readonly data: ActionData<V> } }[TeamsVerb];

export const isTeamsVerb = (verb: unknown): verb is TeamsVerb => typeof verb === 'string' && Object.hasOwn(schemas, verb);

/**
 * Reads an invoke's verb and data (zod `safeParse`: a forged, stale or malformed value is a returned error).
 * @example parseActionData('arbot.dispute_claim', { d: '45' }) // { ok: true, action: { verb: 'arbot.dispute_claim', data: { d: '45' } } }
 * @example parseActionData('arbot.dispute_claim', { d: 'x' }) // { ok: false, reason: 'not an arbot action' }
 */
export function parseActionData(verb: unknown, data: unknown): { ok: true; action: ParsedAction } | { ok: false; reason: string } {
  if (!isTeamsVerb(verb)) return { ok: false, reason: 'not an arbot action' };
  const parsed = (schemas[verb] as z.ZodType).safeParse(typeof data === 'string' ? safeJson(data) : data);
  if (!parsed.success) return { ok: false, reason: 'not an arbot action' };
  return { ok: true, action: { verb, data: parsed.data } as ParsedAction };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the same answer as JSON of the wrong shape.
    return null;
  }
}
