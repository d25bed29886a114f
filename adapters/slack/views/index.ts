import type { App, SlackViewMiddlewareArgs, AllMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { modalInputs } from '../../../blocks/slack/modals.js';
import { customerDisputeReasonText, customerDisputeReasons } from '../../../src/domain/customer-dispute.js';
import { dateInZone } from '../../../src/domain/calendar-date.js';
import { decideApproval } from '../../../src/services/chat-actions/approval-actions.js';
import { decideChange } from '../../../src/services/chat-actions/change-actions.js';
import { addNote, openDisputeFromChat } from '../../../src/services/chat-actions/dispute-actions.js';
import { logPromise, pauseReminders } from '../../../src/services/chat-actions/invoice-actions.js';
import type { ActionResult, Actor } from '../../../src/services/chat-actions/action-result.js';
import { formIds } from '../../../src/views/alert-view.js';
import { applyResult, type SlackDeps } from '../slack-context.js';
import { slackActor } from '../slack-actor.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = ViewSubmitAction['view']['state']['values'];
type Field = { readonly blockId: string; readonly actionId: string };

const id = z.string().regex(/^\d{1,19}$/);
const invoiceMeta = z.strictObject({ i: id });
const emailMeta = z.strictObject({ e: id });
const requestMeta = z.strictObject({ r: id });
const noteMeta = z.union([z.strictObject({ i: id }), z.strictObject({ d: id })]);

const text = (values: Values, f: Field) => values[f.blockId]?.[f.actionId]?.value ?? '';
const date = (values: Values, f: Field) => values[f.blockId]?.[f.actionId]?.selected_date ?? '';
const selected = (values: Values, f: Field) => values[f.blockId]?.[f.actionId]?.selected_option?.value ?? '';

/**
 * Modal submissions: read the metadata and answers with zod, call one service, and answer a refusal inside the
 * modal, on the field it concerns (Slack keeps the modal open); on success the modal closes and every message of
 * the subject is updated in place, with a line in its thread. A resubmitted view (Slack retries) is applied once.
 */
export function registerViews(app: App, deps: SlackDeps): void {
  const submit = <M>(
    formId: string, meta: z.ZodType<M>, errorField: Field,
    run: (actor: Actor, meta: M, values: Values) => Promise<ActionResult>,
  ) => {
    app.view(formId, async ({ ack, body, view, client }: ViewArgs) => {
      const parsed = meta.safeParse(safeJson(view.private_metadata));
      if (!parsed.success) {
        await ack({ response_action: 'errors', errors: { [errorField.blockId]: 'this form is out of date; open it again from the message' } });
        return;
      }
      // A retried delivery carries the same view id and answers; a refused submission is forgotten, so the
      // person can correct it and submit again.
      const key = `${deps.platform ?? 'slack'}:view:${view.id}:${createHash('sha256').update(JSON.stringify(view.state.values)).digest('hex')}`;
      if (!(await deps.store.firstTime(key))) {
        await ack();
        return;
      }
      const actor = await slackActor(deps, client, body.user.id, body.user.name);
      const result = await run(actor, parsed.data, view.state.values);
      if (!result.ok) {
        await deps.store.forget(key);
        await ack({ response_action: 'errors', errors: { [errorField.blockId]: result.message } });
        return;
      }
      await ack();
      await applyResult(deps, client, result);
    });
  };
  const today = () => dateInZone(deps.now(), deps.zone);

  const p = modalInputs.promise;
  submit(formIds.promise, invoiceMeta, p.date, (actor, m, v) =>
    logPromise(deps.store, actor, BigInt(m.i), { date: date(v, p.date), amount: text(v, p.amount), note: text(v, p.note) }, today(), deps.rights.limits));

  const h = modalInputs.hold;
  submit(formIds.hold, invoiceMeta, h.until, (actor, m, v) =>
    pauseReminders(deps.store, actor, BigInt(m.i), { until: date(v, h.until), reason: text(v, h.reason) }, today(), deps.rights.limits));

  const d = modalInputs.dispute;
  submit(formIds.dispute, invoiceMeta, d.reason, (actor, m, v) => {
    const reason = z.enum(customerDisputeReasons).safeParse(selected(v, d.reason));
    if (!reason.success) return Promise.resolve({ ok: false, code: 'invalid', message: 'choose a reason' } as const);
    return openDisputeFromChat(deps.store, actor, BigInt(m.i), customerDisputeReasonText(reason.data, text(v, d.comment).trim()));
  });

  const n = modalInputs.note.note;
  submit(formIds.note, noteMeta, n, (actor, m, v) =>
    addNote(deps.store, actor, 'd' in m ? { disputeId: BigInt(m.d) } : { invoiceId: BigInt(m.i) }, text(v, n)));

  const r = modalInputs.refuse.reason;
  submit(formIds.refuse, emailMeta, r, (actor, m, v) => decideApproval(deps.store, actor, BigInt(m.e), 'refused', text(v, r)));

  const rc = modalInputs.refuseChange.reason;
  submit(formIds.refuseChange, requestMeta, rc, (actor, m, v) => decideChange(deps.store, actor, BigInt(m.r), 'refused', text(v, rc)));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
