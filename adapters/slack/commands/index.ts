import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-context.js';
import { registerAr } from './ar.js';
import { registerDso } from './dso.js';

/** The slash commands and their buttons: `/dso` (and "Share in channel"), `/ar` (and the chooser). */
export function registerCommands(app: App, deps: SlackDeps): void {
  registerDso(app, deps);
  registerAr(app, deps);
}
