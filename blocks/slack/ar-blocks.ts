import { statusLabels, type DisputeStatus } from '../../src/domain/disputes/dispute-status.js';
import type { CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';

export type { CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';
import { customerValue } from './action-value.js';
import {
  blockKitLimits, button, contextBlock, fieldsBlock, headerBlock, sectionBlock, type KnownBlock,
} from './block-kit.js';
import { invoiceLine, reminderText, segmentLabel } from './invoice-text.js';
import { listSections } from './list-text.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';

/** Open invoices listed at most (over at most four sections); the rest are counted. */
export const arInvoiceLines = 80;
const arOtherLines = 15;

const titled = (title: string, texts: string[], empty: string): KnownBlock[] =>
  texts.length === 0
    ? [sectionBlock(`*${title}*\n${empty}`)]
    : texts.map((t, k) => sectionBlock(k === 0 ? `*${title}*\n${t}` : t));

/**
 * `/ar <customer>`: owners and totals, then the open invoices, disputes, promises and last reminders. Long lists
 * are cut with "…and N more", so the answer stays far under Slack's 50 blocks whatever the customer's size.
 */
export function buildCustomerBlocks(view: CustomerOverview): KnownBlock[] {
  const { owners } = view;
  const invoices = listSections(view.openInvoices.map(invoiceLine), { maxItems: arInvoiceLines, maxSections: 4, noun: ['invoice', 'invoices'] });
  const disputes = listSections(view.disputes.map((d) =>
    `*${escapeMrkdwn(d.invoiceNumber)}* · ${statusLabels[d.status]} · ${d.owner === null ? 'unclaimed' : `claimed by ${mention(d.owner)}`} · ${d.ageDays} day${d.ageDays === 1 ? '' : 's'} old — ${truncate(escapeMrkdwn(d.reason), 200)}`),
  { maxItems: arOtherLines, maxSections: 1, noun: ['dispute', 'disputes'] });
  const promises = listSections(view.promises.map((p) =>
    `*${escapeMrkdwn(p.invoiceNumber)}* · ${p.amount === null ? 'the amount due' : escapeMrkdwn(p.amount)} by ${escapeMrkdwn(p.date)}`),
  { maxItems: arOtherLines, maxSections: 1, noun: ['promise', 'promises'] });
  const reminders = listSections(view.lastReminders.map((r) =>
    `${reminderText({ step: r.step, sentAt: r.sentAt, tracking: r.tracking })}${r.invoiceNumbers.length === 0 ? '' : ` (${truncate(r.invoiceNumbers.map(escapeMrkdwn).join(', '), 300)})`}`),
  { maxItems: arOtherLines, maxSections: 1, noun: ['reminder', 'reminders'] });
  const context = [
    `${segmentLabel(view.segment, view.strategic)} · ${escapeMrkdwn(view.customerExternalId)}`,
    `Sales: ${mention(owners.sales)} · Delivery: ${mention(owners.delivery)}`,
    ...(view.onHoldUntil === null ? [] : [`:double_vertical_bar: Reminders paused until ${escapeMrkdwn(view.onHoldUntil)}`]),
  ];
  return [
    headerBlock(view.customerName),
    contextBlock(context),
    ...(view.totals.length === 0
      ? [sectionBlock('Nothing due.')]
      : [fieldsBlock(view.totals.map((t) => `*Due in ${escapeMrkdwn(t.currency)}*\n${escapeMrkdwn(t.amountDue)} · ${escapeMrkdwn(t.overdue)} overdue`))]),
    ...titled(`Open invoices (${view.openInvoices.length})`, invoices, 'None.'),
    ...titled(`Disputes (${view.disputes.length})`, disputes, 'None open.'),
    ...titled(`Promises to pay (${view.promises.length})`, promises, 'None.'),
    ...titled('Last reminders', reminders, 'None sent yet.'),
  ];
}


export const customerChoiceActionId = 'arbot.ar_customer';
/** Matches offered as buttons; more means the search was too vague. */
export const customerChoiceMax = 10;

/** Several customers match `/ar <query>`: one "Show" button each (value `{"c":"<external id>"}`). */
export function buildCustomerChoiceBlocks(matches: readonly CustomerMatch[], query: string): KnownBlock[] {
  if (matches.length === 0) return [sectionBlock(`No customer matches “${escapeMrkdwn(query)}”. Try part of the name or the ERP id.`)];
  const rows = matches.slice(0, customerChoiceMax).map((m, k) => {
    const value = customerValue(m.customerExternalId);
    const text = `*${escapeMrkdwn(m.customerName)}*\n${segmentLabel(m.segment, m.strategic)} · ${escapeMrkdwn(m.customerExternalId)}`;
    // An id too long for a button value cannot be carried: the text still tells the person what to type.
    const fits = value.length <= blockKitLimits.buttonValue;
    return { ...sectionBlock(text, fits ? button({ text: 'Show', actionId: customerChoiceActionId, value }) : undefined), block_id: `arbot.ar_match_${k}` };
  });
  const hidden = matches.length - rows.length;
  return [
    sectionBlock(`${matches.length} customer${matches.length === 1 ? '' : 's'} match${matches.length === 1 ? 'es' : ''} “${escapeMrkdwn(query)}”. Which one?`),
    ...rows,
    ...(hidden > 0 ? [contextBlock([`…and ${hidden} more. Type more of the name to narrow it down.`])] : []),
  ];
}
