import { subjectKey, type SubjectRef } from '../domain/subject.js';
import type { Actor } from '../services/chat-actions/action-result.js';
import type { ChatCoreDeps } from './chat-core-deps.js';
import type { ChatPlatform, Interaction, Outcome } from './interaction.js';
import type { CustomerOverview } from '../views/customer-view.js';
import { resolveActor } from './resolve-actor.js';
import { runAction } from './run-action.js';

/**
 * The one inbound pipeline of Slack, Teams and the local workspace: a redelivery is answered once, the actor is
 * resolved (when the action needs to know who), and the action runs through its service (which checks the actor's rights). A change comes back with
 * the subjects to redraw: the surface answers the person first (Slack must ack within 3 s), then calls
 * `redrawEverywhere`. The surface only decoded the interaction and renders the outcome.
 */
export async function handleInteraction(deps: ChatCoreDeps, interaction: Interaction): Promise<Outcome> {
  const { delivery } = interaction;
  if (delivery !== null && !(await deps.store.firstTime(delivery.key))) return { kind: 'repeat' };
  let actor: Promise<Actor> | null = null;
  const actorOf = () => (actor ??= resolveActor(deps.people, interaction.person));
  const outcome = await runAction(deps, actorOf, interaction.action);
  if ('form' in outcome) return { kind: 'form', form: outcome.form };
  if ('shown' in outcome) return { kind: 'show', shown: outcome.shown };
  const r = outcome.result;
  if (!r.ok) {
    if (delivery?.forgetIfRefused) await deps.store.forget(delivery.key);
    return { kind: 'refused', code: r.code, message: r.message };
  }
  const subjects = await deps.views.subjectsShowing(r.refresh);
  const customer = r.redrawCustomer === undefined ? null : await customerNow(deps, actorOf, r.redrawCustomer);
  return { kind: 'done', subjects, thread: r.thread, ...(customer === null ? {} : { customer }) };
}

/** A customer's `/ar` view as the person now sees it (the lookup's own rights and additions), null if gone. */
async function customerNow(deps: ChatCoreDeps, actorOf: () => Promise<Actor>, customerExternalId: string): Promise<CustomerOverview | null> {
  const o = await runAction(deps, actorOf, { type: 'show_customer', query: customerExternalId });
  return 'shown' in o && o.shown.show === 'customer' && o.shown.found?.kind === 'customer' ? o.shown.found.overview : null;
}

/**
 * Redraws the subjects on every surface, the acting one first, the first subject with the thread line. The change
 * is made and audited before: a surface that cannot be redrawn now (throttled, down) is logged and redrawn at its
 * subject's next update or by the card refresh job, and never hides the outcome from the person who acted.
 */
export async function redrawEverywhere(deps: ChatCoreDeps, subjects: readonly SubjectRef[], thread: string | null, acting: ChatPlatform | null): Promise<void> {
  const surfaces = [...deps.surfaces()].sort((a, b) => Number(b.platform === acting) - Number(a.platform === acting));
  const now = deps.now();
  const views = await Promise.all(subjects.map((s) => deps.views.subjectView(s, now)));
  for (const surface of surfaces) {
    try {
      for (const [i, s] of subjects.entries()) await surface.redraw(s, views[i]!, i === 0 ? thread : null);
    } catch (err) {
      deps.log.warn({ err: (err as Error).message, platform: surface.platform, subjects: subjects.map(subjectKey) }, 'messages not redrawn after an action');
    }
  }
}
