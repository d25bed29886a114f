import type { App } from '@slack/bolt';
import { createHash } from 'node:crypto';
import { decodeAction } from '../../../src/chat/chat-action.js';
import { platformOf, type SlackDeps } from '../slack-context.js';
import { slackPerson } from '../slack-person.js';
import { answerError, modalForms, submittedData, type Field } from './modal-forms.js';

const outOfDate = 'this form is out of date; open it again from the message';
const errorsOn = (field: Field, message: string) => ({ response_action: 'errors' as const, errors: { [field.blockId]: message } });

/**
 * Modal submissions: read the metadata and answers, hand the action to the core, and answer a refusal inside the
 * modal, on the field it concerns (Slack keeps the modal open). On success the modal closes first (Slack waits 3 s
 * for the ack), then every message of the subject is redrawn with a line in its thread.
 */
export function registerViews(app: App, deps: SlackDeps): void {
  const platform = platformOf(deps);
  for (const [formId, form] of Object.entries(modalForms)) {
    app.view(formId, async ({ ack, body, view, client }) => {
      const meta = form.meta.safeParse(safeJson(view.private_metadata));
      if (!meta.success) return ack(errorsOn(form.errorField, outOfDate));
      const decoded = decodeAction(formId, submittedData(form, meta.data, view.state.values));
      if (!decoded.ok) {
        const wrong = decoded.field === null ? { field: form.errorField, message: outOfDate } : answerError(form, decoded.field);
        return ack(errorsOn(wrong.field, wrong.message));
      }
      // A retried delivery carries the same view id and answers; a refused submission is forgotten, so the
      // person can correct it and submit again.
      const key = `${platform}:view:${view.id}:${createHash('sha256').update(JSON.stringify(view.state.values)).digest('hex')}`;
      const person = slackPerson(client, { id: body.user.id, name: body.user.name }, platform);
      const outcome = await deps.core.handle({ person, action: decoded.action, delivery: { key, forgetIfRefused: true } });
      if (outcome.kind === 'refused') return ack(errorsOn(form.errorField, outcome.message));
      await ack();
      if (outcome.kind === 'done') await deps.core.redraw(outcome.subjects, outcome.thread, platform);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
