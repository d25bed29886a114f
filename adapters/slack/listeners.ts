import type { App } from '@slack/bolt';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerHome } from './events/home.js';
import type { SlackDeps } from './slack-context.js';
import { registerViews } from './views/index.js';

/**
 * Every arbot listener on a Bolt app: buttons and menus, modal submissions, slash commands and events. Slack's
 * HTTP and Socket Mode receivers and the local workspace's in-process receiver all register through here, so they
 * cannot drift apart.
 */
export function registerSlackListeners(app: App, deps: SlackDeps): void {
  registerActions(app, deps);
  registerViews(app, deps);
  registerCommands(app, deps);
  registerHome(app, deps);
}
