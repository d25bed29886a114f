import type { ActionResult } from './action-result.js';

export type DoneAction = Extract<ActionResult, { ok: true }>;

/**
 * Re-draws a done action's subjects on one chat platform (with the thread line). When Sales work on Slack and
 * Delivery on Teams, a claim on either platform redraws the dispute's messages on both: each platform's adapter
 * refreshes its own messages, then calls the others' through this.
 */
export type SubjectRefresh = (result: DoneAction) => Promise<void>;
