import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { contextBlock, headerBlock, sectionBlock } from '../../../blocks/slack/block-kit.js';
import { buildHomeView } from '../../../blocks/slack/home-view.js';
import { platformOf, type SlackDeps } from '../slack-context.js';
import { slackPerson } from '../slack-person.js';

const unknownHome = {
  type: 'home' as const,
  blocks: [
    headerBlock('My queue'),
    sectionBlock('arbot does not know you yet, so there is no queue to show. Ask finance to add your email to the owners import; your disputes, approvals and overdue accounts will then appear here.'),
    contextBlock(['/dso shows the receivables KPIs and /ar <customer> one account, to everyone in the workspace.'.replace('<', '&lt;').replace('>', '&gt;')]),
  ],
};

/**
 * Publishes the App Home "my queue" of one person: approvals waiting for them, their disputes by age, their
 * overdue accounts. Someone arbot does not know gets a page that says how to be added.
 */
export async function publishHome(deps: SlackDeps, client: WebClient, userId: string, userName: string): Promise<void> {
  const person = slackPerson(client, { id: userId, name: userName }, platformOf(deps));
  const outcome = await deps.core.handle({ person, action: { type: 'show_home' }, delivery: null });
  if (outcome.kind !== 'show' || outcome.shown.show !== 'home') return;
  const { queue } = outcome.shown;
  await client.views.publish({ user_id: userId, view: queue === null ? unknownHome : buildHomeView(queue) });
}

/** The App Home tab is drawn each time someone opens it (the Messages tab needs nothing). */
export function registerHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, client, event.user, event.user);
  });
}
