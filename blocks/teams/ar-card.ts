import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';
import { teamsVerbs } from './action-data.js';
import { actionSet, adaptiveCard, execute, factSet, headerBlock, noteBlock, teamsCardLimits, textBlock, type CardElement, type TeamsCard } from './adaptive-card.js';
import { invoiceLine, listText, reminderText, segmentLabel } from './invoice-text.js';
import { Mentions } from './mentions.js';
import { bold, escapeTeamsMarkdown, truncateText } from './teams-markdown.js';

/** Open invoices listed at most; the rest are counted. Other lists stop at 15. */
export const arInvoiceLines = 40;
const arOtherLines = 15;

const titled = (title: string, lines: readonly string[], max: number, noun: readonly [string, string], empty: string): CardElement =>
  textBlock(`**${title}**\n\n${lines.length === 0 ? empty : listText(lines, { maxItems: max, noun })}`);

/**
 * `@arbot ar <customer>`, the same content as Slack's `/ar`: owners and totals, then the open invoices, disputes,
 * promises and last reminders. Long lists end with "…and N more", so the card stays within Teams' size limit
 * whatever the customer's size.
 */
export function buildCustomerCard(view: CustomerOverview, teamsIds?: ReadonlyMap<string, string>): TeamsCard {
  const m = new Mentions(teamsIds);
  const { owners } = view;
  const context = [
    `${segmentLabel(view.segment, view.strategic)} · ${escapeTeamsMarkdown(view.customerExternalId)}`,
    `Sales: ${m.name(owners.sales)} · Delivery: ${m.name(owners.delivery)}`,
    ...(view.onHoldUntil === null ? [] : [`⏸️ Reminders paused until ${escapeTeamsMarkdown(view.onHoldUntil)}`]),
  ];
  const body: CardElement[] = [
    headerBlock(escapeTeamsMarkdown(view.customerName)),
    noteBlock(context.join('\n\n')),
    view.totals.length === 0
      ? textBlock('Nothing due.')
      : factSet(view.totals.map((t) => [`Due in ${t.currency}`, `${escapeTeamsMarkdown(t.amountDue)} · ${escapeTeamsMarkdown(t.overdue)} overdue`])),
    titled(`Open invoices (${view.openInvoices.length})`, view.openInvoices.map(invoiceLine), arInvoiceLines, ['invoice', 'invoices'], 'None.'),
    titled(`Disputes (${view.disputes.length})`, view.disputes.map((d) =>
      `${bold(d.invoiceNumber)} · ${statusLabels[d.status]} · ${d.owner === null ? 'unclaimed' : `claimed by ${m.name(d.owner)}`} · ${d.ageDays} day${d.ageDays === 1 ? '' : 's'} old — ${truncateText(escapeTeamsMarkdown(d.reason), 200)}`),
    arOtherLines, ['dispute', 'disputes'], 'None open.'),
    titled(`Promises to pay (${view.promises.length})`, view.promises.map((p) =>
      `${bold(p.invoiceNumber)} · ${p.amount === null ? 'the amount due' : escapeTeamsMarkdown(p.amount)} by ${escapeTeamsMarkdown(p.date)}`),
    arOtherLines, ['promise', 'promises'], 'None.'),
    titled('Last reminders', view.lastReminders.map((r) =>
      `${reminderText({ step: r.step, sentAt: r.sentAt, tracking: r.tracking })}${r.invoiceNumbers.length === 0 ? '' : ` (${truncateText(r.invoiceNumbers.map(escapeTeamsMarkdown).join(', '), 300)})`}`),
    arOtherLines, ['reminder', 'reminders'], 'None sent yet.'),
  ];
  const summary = `Receivables of ${view.customerName}`;
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: m.entities }), summary };
}

/**
 * A choice button's title that tells customers apart within Teams' action title limit: "Name · ERP id", the name
 * shortened first, since the ERP id is what differs between "Acme Industrial Supplies (North)" and "(South)". An id
 * too long on its own keeps its end, where ids usually differ.
 * @example choiceTitle('Acme Industrial Supplies Europe North', 'ACME-0042', 40) // "Acme Industrial Supplies Eu… · ACME-0042"
 */
export function choiceTitle(name: string, externalId: string, max: number = teamsCardLimits.actionTitle): string {
  const full = `${name} · ${externalId}`;
  if (full.length <= max) return full;
  const room = max - externalId.length - 3;
  if (room >= 8) return `${truncateText(name, room)} · ${externalId}`;
  return `…${externalId.slice(-(max - 1))}`;
}

/** Several customers match `@arbot ar <query>`: one "Show" action each, at most as many as Teams shows. */
export function buildCustomerChoiceCard(matches: readonly CustomerMatch[], query: string): TeamsCard {
  const summary = `Customers matching “${query}”`;
  if (matches.length === 0) {
    return { card: adaptiveCard([textBlock(`No customer matches “${escapeTeamsMarkdown(query)}”. Try part of the name or the ERP id.`)], { fallbackText: summary }), summary };
  }
  const shown = matches.slice(0, teamsCardLimits.actionsPerSet);
  const hidden = matches.length - shown.length;
  const body: CardElement[] = [
    textBlock(`${matches.length} customer${matches.length === 1 ? '' : 's'} match${matches.length === 1 ? 'es' : ''} “${escapeTeamsMarkdown(query)}”. Which one?`),
    textBlock(listText(shown.map((c) => `${bold(c.customerName)} · ${segmentLabel(c.segment, c.strategic)} · ${escapeTeamsMarkdown(c.customerExternalId)}`), { maxItems: shown.length, noun: ['customer', 'customers'] })),
    ...(hidden > 0 ? [noteBlock(`…and ${hidden} more. Type more of the name to narrow it down.`)] : []),
    actionSet(shown.map((c) => execute(choiceTitle(c.customerName, c.customerExternalId), teamsVerbs.showCustomer, { c: c.customerExternalId }))),
  ];
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
