import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { parseActionValue } from '../../../blocks/slack/action-value.js';
import { buildRefuseChangeModal, buildRefuseModal } from '../../../blocks/slack/modals.js';
import { decideApproval } from '../../../src/services/chat-actions/approval-actions.js';
import { decideChange, refuseToDecideChange } from '../../../src/services/chat-actions/change-actions.js';
import { claimDispute, setDisputeStatus } from '../../../src/services/chat-actions/dispute-actions.js';
import type { ActionResult } from '../../../src/services/chat-actions/action-result.js';
import { actionIds } from '../../../src/views/alert-view.js';
import { applyResult, type SlackDeps } from '../slack-context.js';
import { slackActor } from '../slack-actor.js';
import { formOpeners } from './open-forms.js';
import { publishHome } from '../events/home.js';

type Args = Parameters<Parameters<App['action']>[1]>[0];

/**
 * Button and menu listeners. Each acks at once, reads its value with zod, applies a retried delivery once,
 * calls one service and renders: in place for everyone on success, privately to the clicker on refusal.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  const handle = (actionId: string, run: (args: Args, value: string | undefined) => Promise<ActionResult | null>) => {
    app.action(actionId, async (args) => {
      await args.ack();
      const body = args.body as BlockAction;
      const action = args.action as ButtonAction | StaticSelectAction;
      const value = action.type === 'static_select' ? action.selected_option?.value : (action as ButtonAction).value;
      // Slack retries a delivery it did not see acknowledged; the action_ts stays the same across retries.
      if (!(await deps.store.firstTime(`${deps.platform ?? 'slack'}:${action.action_ts}:${body.user.id}:${actionId}`))) return;
      const result = await run(args, value);
      if (result === null) return;
      if (!result.ok) {
        // Messages have a response URL for a private answer; the App Home tab has none, so the bot tells the
        // person in its own messages tab.
        if (body.response_url) await args.respond({ response_type: 'ephemeral', replace_original: false, text: result.message });
        else await args.client.chat.postMessage({ channel: body.user.id, text: result.message });
        return;
      }
      await applyResult(deps, args.client, result);
      if (body.view?.type === 'home') await publishHome(deps, args.client, body.user.id, body.user.name ?? body.user.id);
    });
  };
  const actor = (args: Args) => {
    const u = (args.body as BlockAction).user;
    return slackActor(deps, args.client, u.id, u.name ?? u.username ?? u.id);
  };
  const stale = { ok: false, code: 'stale', message: 'this button is out of date; use the latest message' } as const;

  handle(actionIds.claimDispute, async (args, raw) => {
    const v = parseActionValue(raw, 'dispute');
    if (!v.ok || v.value.kind !== 'dispute') return stale;
    return claimDispute(deps.store, await actor(args), BigInt(v.value.disputeId));
  });
  handle(actionIds.setDisputeStatus, async (args, raw) => {
    const v = parseActionValue(raw, 'dispute');
    if (!v.ok || v.value.kind !== 'dispute' || !v.value.status) return stale;
    return setDisputeStatus(deps.store, await actor(args), BigInt(v.value.disputeId), v.value.status);
  });
  for (const [id, decision] of [[actionIds.approveEscalation, 'approved'], [actionIds.handlePersonally, 'personal']] as const) {
    handle(id, async (args, raw) => {
      const v = parseActionValue(raw, 'email');
      if (!v.ok || v.value.kind !== 'email') return stale;
      return decideApproval(deps.store, await actor(args), BigInt(v.value.emailId), decision, null);
    });
  }
  handle(actionIds.approveChange, async (args, raw) => {
    const v = parseActionValue(raw, 'change_request');
    if (!v.ok || v.value.kind !== 'change_request') return stale;
    return decideChange(deps.store, await actor(args), BigInt(v.value.requestId), 'approved', null);
  });
  handle(actionIds.refuseChange, async (args, raw) => {
    const v = parseActionValue(raw, 'change_request');
    if (!v.ok || v.value.kind !== 'change_request') return stale;
    const refusal = await refuseToDecideChange(deps.store, await actor(args), BigInt(v.value.requestId));
    if (refusal) return refusal;
    const view = await deps.subjectView(`change:${v.value.requestId}`, deps.now());
    if (!view || view.kind !== 'change_request') return { ok: false, code: 'not_found', message: 'this request no longer exists' };
    await args.client.views.open({
      trigger_id: (args.body as BlockAction).trigger_id,
      view: buildRefuseChangeModal(view.request.what, view.request.invoice.customerName, JSON.stringify({ r: v.value.requestId })),
    });
    return null;
  });
  for (const [id, opener] of Object.entries(formOpeners(deps))) handle(id, opener);
  handle(actionIds.refuseEscalation, async (args, raw) => {
    const v = parseActionValue(raw, 'email');
    if (!v.ok || v.value.kind !== 'email') return stale;
    const view = await deps.subjectView(`approval:${v.value.emailId}`, deps.now());
    if (!view || view.kind !== 'approval') return { ok: false, code: 'not_found', message: 'this approval request no longer exists' };
    await args.client.views.open({
      trigger_id: (args.body as BlockAction).trigger_id,
      view: buildRefuseModal(view.approval, JSON.stringify({ e: v.value.emailId })),
    });
    return null;
  });
}
