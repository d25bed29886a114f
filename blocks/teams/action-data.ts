import type { ChatAction } from '../../src/chat/chat-action.js';
import { commandActionIds, decodeAction } from '../../src/chat/chat-action.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customerActionIds } from '../../src/views/card-controls.js';

export { inputIds } from '../../src/chat/inputs.js';

/**
 * What an `Action.Execute` carries back: its verb (the same action ids as Slack's buttons) and `data`, the subject
 * only ({"d":"45"}, {"i":"123"}, {"e":"67"}, {"r":"8"}, {"c":"ACME-001"}, {"asof":"2026-03-31","cur":"EUR"}) merged by Teams with the values of the inputs of
 * the form it sits in (`inputIds`). Handlers re-load and re-check everything; data is never trusted for more than
 * "which row". Verbs are a contract with cards already posted in people's Teams, so they never change.
 */
export const teamsVerbs = {
  ...actionIds, showCustomer: commandActionIds.showCustomer, dsoDetails: commandActionIds.dsoDetails,
  // The customer card's portal buttons (issue 20).
  sendStatement: customerActionIds.sendStatement, revokePortal: customerActionIds.revokePortal,
} as const;

export type TeamsVerb = (typeof teamsVerbs)[keyof typeof teamsVerbs];

const verbs: ReadonlySet<string> = new Set(Object.values(teamsVerbs));

/** Only the verbs Teams cards carry: Slack's form ids and its /dso share button are not Teams actions. */
export const isTeamsVerb = (verb: unknown): verb is TeamsVerb => typeof verb === 'string' && verbs.has(verb);

/**
 * Reads an invoke's verb and data into the action it means (src/chat/chat-action.ts; Teams' forms are inline,
 * so a button's answers come with it). Teams may send `data` as a JSON string. A forged, stale or malformed value
 * is a returned error, never a throw.
 * @example parseActionData('arbot.dispute_claim', { d: '45' }) // { ok: true, action: { type: 'claim_dispute', disputeId: 45n } }
 * @example parseActionData('arbot.dispute_claim', { d: 'x' }) // { ok: false, reason: 'not an arbot action' }
 */
export function parseActionData(verb: unknown, data: unknown): { ok: true; action: ChatAction } | { ok: false; reason: string } {
  if (!isTeamsVerb(verb)) return { ok: false, reason: 'not an arbot action' };
  const decoded = decodeAction(verb, typeof data === 'string' ? safeJson(data) : data, { asksFirst: false });
  return decoded.ok ? { ok: true, action: decoded.action } : { ok: false, reason: 'not an arbot action' };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the same answer as JSON of the wrong shape.
    return null;
  }
}
