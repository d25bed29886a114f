import type { App } from '@slack/bolt';
import { decodeReportCommand, reportCommands } from '../../../src/chat/report-command-text.js';
import { platformOf, type SlackDeps } from '../slack-context.js';
import { slackPerson } from '../slack-person.js';
import { reportAnswer } from './report-answer.js';

/**
 * `/review [YYYY-MM]` (the monthly top-account review) and `/team [owner]` (per owner and team). Each acks at
 * once (an argument it cannot read is answered in the ack itself) and answers privately through the response URL.
 */
export function registerReports(app: App, deps: SlackDeps): void {
  const platform = platformOf(deps);
  for (const name of reportCommands) {
    app.command(`/${name}`, async ({ ack, command, respond, client }) => {
      const decoded = decodeReportCommand(name, command.text ?? '');
      if (!decoded.ok) return ack({ response_type: 'ephemeral', text: decoded.message });
      await ack();
      const person = slackPerson(client, { id: command.user_id, name: command.user_name }, platform);
      const answer = reportAnswer(await deps.core.handle({ person, action: decoded.action, delivery: null }));
      if (answer) await respond(answer);
    });
  }
}
