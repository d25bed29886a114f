// What the reminder renderer (src/services/reminder-renderer.ts) needs from the email templates: one function from
// a platform-neutral model to the message's subject, text and HTML. blocks/email implements it; the wiring
// (src/wire/cadence.ts) passes it in, so the service never imports a renderer.

import type { ReminderEmailModel, ReminderInvoice } from '../views/reminder-email-view.js';

/** One invoice in a reminder, as the cadence engine knows it. */
export type ReminderInvoiceLine = ReminderInvoice;
/** Platform-neutral content of one reminder email: one customer, one step, every invoice at that step. */
export type ReminderContent = ReminderEmailModel;

export interface RenderedReminder {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Renders one reminder in the customer's language; throws RangeError on content the engine never produces. */
export type RenderReminder = (content: ReminderContent) => RenderedReminder;
