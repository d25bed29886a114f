import type { App } from '@slack/bolt';
import { z } from 'zod';
import { modalInputs } from '../../../blocks/slack/modals.js';
import { decideApproval } from '../../../src/services/chat-actions/approval-actions.js';
import { formIds } from '../../../src/views/alert-view.js';
import { applyResult, type SlackDeps } from '../slack-context.js';
import { slackActor } from '../slack-actor.js';

const emailMeta = z.object({ e: z.string().regex(/^\d{1,19}$/) });

/** Modal submissions: validate, call one service, answer errors inside the modal, update messages after. */
export function registerViews(app: App, deps: SlackDeps): void {
  app.view(formIds.refuse, async ({ ack, body, view, client }) => {
    const meta = emailMeta.safeParse(safeJson(view.private_metadata));
    const field = modalInputs.refuse.reason;
    const reason = view.state.values[field.blockId]?.[field.actionId]?.value ?? '';
    if (!meta.success) {
      await ack({ response_action: 'errors', errors: { [field.blockId]: 'this form is out of date; open it again from the message' } });
      return;
    }
    const actor = await slackActor(deps, client, body.user.id, body.user.name);
    const result = await decideApproval(deps.store, actor, BigInt(meta.data.e), 'refused', reason);
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: { [field.blockId]: result.message } });
      return;
    }
    await ack();
    await applyResult(deps, client, result);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
