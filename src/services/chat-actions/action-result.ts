import { mayAct, type ChatAction, type Parties } from '../../domain/rights/chat-rights.js';
import type { SubjectRef } from '../../domain/subject.js';

/** Who clicked: a known owner (matched by chat id or email), or someone arbot does not know. */
export interface Actor {
  readonly ownerId: bigint | null;
  readonly email: string | null;
  readonly name: string;
  readonly team: 'sales' | 'delivery' | 'finance' | null;
  readonly approver: boolean;
  /** How the chat platform names the person, for the audit trail: "slack:U123". */
  readonly platformId: string;
}

/**
 * What an action did. Expected refusals ("already claimed by Ana") are values, not exceptions: the listener
 * shows `message` to the person who clicked, privately.
 */
export type ActionResult =
  | {
      readonly ok: true;
      /** Subjects whose messages must be re-rendered in place, the first with the thread line. */
      readonly refresh: readonly SubjectRef[];
      /** A line for the message's thread, e.g. "Ana claimed this dispute". */
      readonly thread: string;
      /** Nothing changed yet: the change waits for a finance approver. */
      readonly pending?: boolean;
      /**
       * The customer (ERP id) whose `/ar` view shows the change: the view the person clicked on is redrawn for them
       * (an /ar answer is theirs alone, so it has no message to redraw for everyone).
       */
      readonly redrawCustomer?: string;
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

export const refused = (code: string, message: string): ActionResult => ({ ok: false, code, message });

export function actorLabel(a: Actor): string {
  return a.email ?? a.platformId;
}

/**
 * Postgres text cannot hold NUL (U+0000): text carrying one would fail the write, and the person would get no
 * answer at all. Refused up front instead, with what to do.
 */
export function refuseNul(...texts: (string | null)[]): ActionResult | null {
  return texts.some((t) => t !== null && t.includes('\u0000'))
    ? refused('invalid', 'the text contains a NUL character, which cannot be stored; remove it and try again')
    : null;
}

/**
 * A reason a person must give (a refusal, a waiver, a pause, a hold): refused when it is empty (`missing` says
 * what to write) or holds a NUL; null when it may be stored.
 * @example refuseUnlessReason('  ', 'say why reminders are paused') // { ok: false, code: 'invalid', message: 'say why reminders are paused' }
 */
export function refuseUnlessReason(reason: string | null, missing: string): ActionResult | null {
  return (reason ?? '').trim() === '' ? refused('invalid', missing) : refuseNul(reason);
}

const unknownMessage = 'arbot does not know you yet: ask finance to add you as an owner (owners import), then try again';

/** Unknown people may look, not act: every change has an accountable owner in the audit trail. */
export function requireKnown(a: Actor): ActionResult | null {
  return a.ownerId === null ? refused('unknown_user', unknownMessage) : null;
}

/**
 * Asks the rights policy (src/domain/rights) whether the actor may do the action; the refusal, shown privately,
 * says who can. `code` names the refusal for callers that tell them apart.
 */
export function refuseUnlessAllowed(a: Actor, action: ChatAction, parties: Parties, code = 'not_allowed'): ActionResult | null {
  const decision = mayAct(action, a, parties);
  if (decision.allowed) return null;
  return a.ownerId === null ? refused('unknown_user', `${unknownMessage}. ${decision.message}`) : refused(code, decision.message);
}
