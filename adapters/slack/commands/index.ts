import type { App } from '@slack/bolt';
import type { SlackDeps } from '../slack-context.js';
import { registerAr } from './ar.js';
import { registerDso } from './dso.js';
import { registerReports } from './reports.js';

/** The slash commands and their buttons: `/dso` (and "Share in channel"), `/ar` (and the chooser), `/review` and `/team`. */
export function registerCommands(app: App, deps: SlackDeps): void {
  registerDso(app, deps);
  registerAr(app, deps);
  registerReports(app, deps);
}
