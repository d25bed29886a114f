import type { OwnerRef } from '../../src/views/alert-view.js';
import type { CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import {
  feeButtonLabels, feeRefuseReasonLabel, feeRefuseReasonPlaceholder, refuseFeesFormIntro, waiveFormIntro, waiveReasonLabel, waiveReasonPlaceholder,
} from '../wording/fee-wording.js';
import {
  customerCreditHoldIntro, customerCreditHoldLabels, customerCreditLimitHint, customerCreditLimitIntro, customerCreditLimitLabel,
} from '../wording/customer-credit-wording.js';
import {
  actionSet, adaptiveCard, execute, factSet, headerBlock, noteBlock, showCard, teamsCardLimits, textBlock, textInput, type CardAction, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import {
  customerContext, customerLists, customerMatchCount, customerMatchDetail, customerTotals, moreMatches, noCustomerMatches, nothingDue,
  type CustomerList,
} from '../wording/customer-wording.js';
import { factPairs, instantText } from './invoice-text.js';
import { listText } from './list-text.js';
import { Mentions } from './mentions.js';
import { customerControls } from '../../src/views/card-controls.js';
import { escapeTeamsMarkdown, teamsMarks as md, truncateText } from './teams-markdown.js';

/** Open invoices listed at most; the rest are counted. Other lists stop at 15. */
export const arInvoiceLines = 40;
const arOtherLines = 15;

const titled = (l: CustomerList, max: number): CardElement =>
  textBlock(`**${l.title}**\n\n${l.lines.length === 0 ? l.empty : listText(l.lines, { maxItems: max, noun: l.noun })}`);

/**
 * `@arbot ar <customer>`, the same content as Slack's `/ar`: owners and totals, then the open invoices, disputes,
 * promises and last reminders. Long lists end with "…and N more", so the card stays within Teams' size limit
 * whatever the customer's size.
 */
export function buildCustomerCard(view: CustomerOverview, teamsIds?: ReadonlyMap<string, string>, opts: { readonly notice?: string } = {}): TeamsCard {
  const m = new Mentions(teamsIds);
  const name = (o: OwnerRef | null) => m.name(o);
  // The owners are named first: Mentions tells apart two people of one name in the order it meets them.
  const context = customerContext(view, md, name);
  const { invoices, others } = customerLists(view, md, name, instantText);
  const body: CardElement[] = [
    // What the clicker just did, when the card is redrawn after their click (for them alone, like Slack's ephemeral line).
    ...(opts.notice === undefined ? [] : [textBlock(escapeTeamsMarkdown(opts.notice), { weight: 'Bolder' })]),
    headerBlock(escapeTeamsMarkdown(view.customerName)),
    noteBlock(context.join('\n\n')),
    view.totals.length === 0 ? textBlock(nothingDue) : factSet(factPairs(customerTotals(view, md))),
    titled(invoices, arInvoiceLines),
    ...others.map((l) => titled(l, arOtherLines)),
    ...feeActions(view),
    ...creditLimitActions(view),
    ...(customerControls(view.portalButtons).length > 0
      ? [actionSet(customerControls(view.portalButtons).map((c) => execute(c.label, c.id, { c: view.customerExternalId }, c.style === 'danger' ? 'destructive' : undefined)))]
      : []),
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
    return { card: adaptiveCard([textBlock(noCustomerMatches(query, md))], { fallbackText: summary }), summary };
  }
  const shown = matches.slice(0, teamsCardLimits.actionsPerSet);
  const hidden = matches.length - shown.length;
  const body: CardElement[] = [
    textBlock(customerMatchCount(matches.length, query, md)),
    textBlock(listText(shown.map((c) => `${md.bold(c.customerName)} · ${customerMatchDetail(c, md)}`), { maxItems: shown.length, noun: ['customer', 'customers'] })),
    ...(hidden > 0 ? [noteBlock(moreMatches(hidden))] : []),
    actionSet(shown.map((c) => execute(choiceTitle(c.customerName, c.customerExternalId), teamsVerbs.showCustomer, { c: c.customerExternalId }))),
  ];
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}

/**
 * Under the late-payment charges: claim the undecided ones, or waive them with a reason (an inline form, as Slack's
 * modal); a finance approver's buttons for the claims waiting; whether the customer was told of the claims in doubt.
 */
function feeActions(view: CustomerOverview): CardElement[] {
  const c = view.lateCharges;
  if (!c || (c.undecided === 0 && c.awaitingApproval === 0 && c.inDoubt === 0)) return [];
  const data = { cu: c.customerId };
  // Only the buttons the viewer may press (an /ar answer is theirs alone); none: no action set.
  const may = c.viewerMay;
  const actions: CardAction[] = [
    ...(c.undecided > 0 && may?.claim !== false ? [execute(feeButtonLabels.claim, teamsVerbs.claimFees, data, 'positive')] : []),
    ...(c.undecided > 0 && may?.waive !== false ? [
      showCard(feeButtonLabels.waive, [
        textBlock(waiveFormIntro(view.customerName, c, md)),
        textInput(inputIds.waiveReason, waiveReasonLabel, { maxLength: 1000, multiline: true, placeholder: waiveReasonPlaceholder, required: 'Say why the charges are waived' }),
      ], execute(feeButtonLabels.waiveSubmit, teamsVerbs.waiveFees, data)),
    ] : []),
    ...(c.awaitingApproval > 0 && may?.approve !== false ? [
      execute(feeButtonLabels.approve, teamsVerbs.approveFees, data, 'positive'),
      showCard(feeButtonLabels.refuse, [
        textBlock(refuseFeesFormIntro(view.customerName, c, md)),
        textInput(inputIds.feeRefuseReason, feeRefuseReasonLabel, { maxLength: 1000, multiline: true, placeholder: feeRefuseReasonPlaceholder, required: 'Say why the claim is refused' }),
      ], execute(feeButtonLabels.refuseSubmit, teamsVerbs.refuseFees, data, 'destructive')),
    ] : []),
    ...(c.inDoubt > 0 && may?.resolveDoubt !== false ? [
      execute(feeButtonLabels.told, teamsVerbs.feesTold, data),
      execute(feeButtonLabels.notTold, teamsVerbs.feesNotTold, data),
    ] : []),
  ];
  return actions.length === 0 ? [] : [actionSet(actions)];
}

/** "Set credit limit" for a finance approver: amount and currency unfold on the card (Slack's modal). */
function creditLimitActions(view: CustomerOverview): CardElement[] {
  if (view.credit === undefined) return [];
  const limit = view.credit.limit;
  const data = { cu: view.credit.customerId };
  // "Put on credit hold" (an inline form, as Slack's modal) / "Release hold", for who may press it.
  const actions: CardAction[] = [
    ...(view.creditLimitButton ? [showCard(customerCreditLimitLabel, [
      textBlock(customerCreditLimitIntro(view.customerName, limit === null ? null : { amount: limit.limit, currency: limit.currency }, md)),
      textInput(inputIds.creditLimitAmount, 'New limit', { maxLength: 40, placeholder: customerCreditLimitHint, required: 'Type the new limit' }),
      textInput(inputIds.creditLimitCurrency, 'Currency', { maxLength: 3, placeholder: 'EUR', ...(limit === null ? { required: 'Say the currency' } : { value: limit.currency }) }),
    ], execute('Save limit', teamsVerbs.setCustomerCreditLimit, data))] : []),
    ...(view.creditHoldButton === 'hold' ? [showCard(customerCreditHoldLabels.hold, [
      textBlock(customerCreditHoldIntro(view.customerName, md)),
      textInput(inputIds.creditHoldReason, 'Reason', { maxLength: 500, multiline: true, required: 'Say why the customer is put on credit hold' }),
    ], execute('Put on hold', teamsVerbs.setCustomerCreditHold, data, 'destructive'))] : []),
    ...(view.creditHoldButton === 'release' ? [execute(customerCreditHoldLabels.release, teamsVerbs.releaseCustomerCreditHold, data, 'positive')] : []),
  ];
  return actions.length === 0 ? [] : [actionSet(actions)];
}
