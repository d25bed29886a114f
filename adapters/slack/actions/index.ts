import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { actionValueData, type ActionValueKind } from '../../../blocks/slack/action-value.js';
import { buildFullReplyModal } from '../../../blocks/slack/reply-modals.js';
import { cardControlIds, decodeAction } from '../../../src/chat/chat-action.js';
import { customerAnswer } from '../commands/ar.js';
import { publishHome } from '../events/home.js';
import { formModal } from '../form-modal.js';
import { answerPrivately, platformOf, type SlackDeps } from '../slack-context.js';
import { slackPerson } from '../slack-person.js';

/**
 * What a card button may carry: a subject of these kinds, in Slack's strict value format; the core's decoding then
 * checks it is the kind that control takes (a claim button carrying an invoice is stale, not an invoice). A
 * customer's reply's buttons carry the reply, and the invoice with it for the promise and dispute forms.
 */
const subjectKinds: readonly ActionValueKind[] = ['invoice', 'dispute', 'email', 'change_request', 'reply', 'reply_invoice', 'customer_fees', 'alert', 'bank_change'];

const stale = 'this button is out of date; use the latest message';

/**
 * Card buttons and menus. Each acks at once, reads its value (Slack's strict parse, then the core's decoding) and
 * hands the click to the core, then renders: a modal for a button that asks first or shows a reply whole, a
 * private answer on refusal, and on success every message of the subject redrawn (the App Home too, when the click
 * came from it).
 */
export function registerActions(app: App, deps: SlackDeps): void {
  const platform = platformOf(deps);
  for (const actionId of cardControlIds) {
    app.action(actionId, async ({ ack, body, action, client, respond }) => {
      await ack();
      const b = body as BlockAction;
      const a = action as ButtonAction | StaticSelectAction;
      const data = actionValueData(a.type === 'static_select' ? a.selected_option?.value : (a as ButtonAction).value, subjectKinds);
      const decoded = data === null ? null : decodeAction(actionId, data, { asksFirst: true });
      if (!decoded?.ok) return answerPrivately(respond, client, b, stale);
      const person = slackPerson(client, { id: b.user.id, name: b.user.name ?? b.user.username ?? b.user.id }, platform);
      // Slack retries a delivery it did not see acknowledged; the action_ts stays the same across retries.
      const delivery = { key: `${platform}:${a.action_ts}:${b.user.id}:${actionId}`, forgetIfRefused: false };
      const outcome = await deps.core.handle({ person, action: decoded.action, delivery });
      if (outcome.kind === 'refused') return answerPrivately(respond, client, b, outcome.message);
      if (outcome.kind === 'form') await client.views.open({ trigger_id: b.trigger_id, view: formModal(outcome.form) });
      if (outcome.kind === 'show' && outcome.shown.show === 'reply') {
        await client.views.open({ trigger_id: b.trigger_id, view: buildFullReplyModal(outcome.shown.reply, outcome.shown.fullText) });
      }
      if (outcome.kind !== 'done') return;
      // Nothing to redraw (a decision on /ar's late-payment charges, a statement sent, portal links revoked, an
      // ephemeral answer): the clicker alone is told what was done.
      if (outcome.subjects.length === 0) {
        // A click on an /ar answer that changes what it shows (a doubt on late-payment charges resolved): redrawn in place.
        if (outcome.customer && b.response_url) await respond({ ...customerAnswer(outcome.customer), replace_original: true });
        return answerPrivately(respond, client, b, outcome.thread);
      }
      await deps.core.redraw(outcome.subjects, outcome.thread, platform);
      // A decision clicked on an ephemeral answer (/ar) redraws the cards it ended elsewhere: the clicker is told too.
      if (b.container?.is_ephemeral === true) await answerPrivately(respond, client, b, outcome.thread);
      if (b.view?.type === 'home') await publishHome(deps, client, b.user.id, b.user.name ?? b.user.id);
    });
  }
}
