import type { CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';

export type { CustomerMatch, CustomerOverview } from '../../src/views/customer-view.js';
import { customerFeesValue, customerValue } from './action-value.js';
import { actionIds } from '../../src/views/control-ids.js';
import { feeButtonLabels } from '../wording/fee-wording.js';
import { customerCreditHoldLabels, customerCreditLimitLabel } from '../wording/customer-credit-wording.js';
import { customerControls } from '../../src/views/card-controls.js';
import {
  actionsBlock, blockKitLimits, button, contextBlock, fieldsBlock, headerBlock, sectionBlock, type KnownBlock,
} from './block-kit.js';
import {
  customerContext, customerLists, customerMatchCount, customerMatchDetail, customerTotals, moreMatches, noCustomerMatches, nothingDue,
} from '../wording/customer-wording.js';
import { fieldText, slackDate } from './invoice-text.js';
import { listSections } from './list-text.js';
import { mention, mrkdwnMarks as md } from './mrkdwn.js';

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
  const { invoices, others } = customerLists(view, md, mention, slackDate);
  const sections = [
    { ...invoices, texts: listSections(invoices.lines, { maxItems: arInvoiceLines, maxSections: 4, noun: invoices.noun }) },
    ...others.map((l) => ({ ...l, texts: listSections(l.lines, { maxItems: arOtherLines, maxSections: 1, noun: l.noun }) })),
  ];
  const value = customerValue(view.customerExternalId);
  return [
    headerBlock(view.customerName),
    contextBlock(customerContext(view, md, mention)),
    ...(view.totals.length === 0 ? [sectionBlock(nothingDue)] : [fieldsBlock(customerTotals(view, md).map(fieldText))]),
    ...sections.flatMap((l) => titled(l.title, l.texts, l.empty)),
    ...feeButtons(view),
    ...creditLimitButton(view),
    // The portal controls carry the customer's ERP id; one too long for a button value cannot be carried.
    ...(value.length <= blockKitLimits.buttonValue && customerControls(view.portalButtons).length > 0
      ? [actionsBlock(customerControls(view.portalButtons).map((c) => button({ text: c.label, actionId: c.id, value, ...(c.style ? { style: c.style } : {}) })), 'arbot.customer_actions')]
      : []),
  ];
}

/**
 * Under the late-payment charges: decide the undecided ones (claim, or waive in a modal); approve the claims waiting;
 * say whether the customer was told of the claims in doubt.
 */
function feeButtons(view: CustomerOverview): KnownBlock[] {
  const c = view.lateCharges;
  if (!c || (c.undecided === 0 && c.awaitingApproval === 0 && c.inDoubt === 0)) return [];
  const value = customerFeesValue(c.customerId);
  // Only the buttons the viewer may press (an /ar answer is theirs alone); none: no actions block.
  const may = c.viewerMay;
  const buttons = [
    ...(c.undecided > 0 && may?.claim !== false ? [button({ text: feeButtonLabels.claim, actionId: actionIds.claimFees, value, style: 'primary' })] : []),
    ...(c.undecided > 0 && may?.waive !== false ? [button({ text: feeButtonLabels.waive, actionId: actionIds.waiveFees, value })] : []),
    ...(c.awaitingApproval > 0 && may?.approve !== false ? [
      button({ text: feeButtonLabels.approve, actionId: actionIds.approveFees, value, style: 'primary' }),
      button({ text: feeButtonLabels.refuse, actionId: actionIds.refuseFees, value, style: 'danger' }),
    ] : []),
    ...(c.inDoubt > 0 && may?.resolveDoubt !== false ? [
      button({ text: feeButtonLabels.told, actionId: actionIds.feesTold, value }),
      button({ text: feeButtonLabels.notTold, actionId: actionIds.feesNotTold, value }),
    ] : []),
  ];
  return buttons.length === 0 ? [] : [actionsBlock(buttons, 'arbot.ar_fees')];
}

/** "Set credit limit", for a finance approver (a modal: amount and currency), carrying the customer's database id. */
function creditLimitButton(view: CustomerOverview): KnownBlock[] {
  if (view.credit === undefined) return [];
  const value = customerFeesValue(view.credit.customerId);
  // "Put on credit hold" / "Release hold" beside it, for who may press it (src/chat/run-action.ts).
  const buttons = [
    ...(view.creditLimitButton ? [button({ text: customerCreditLimitLabel, actionId: actionIds.setCustomerCreditLimit, value })] : []),
    ...(view.creditHoldButton === 'hold' ? [button({ text: customerCreditHoldLabels.hold, actionId: actionIds.setCustomerCreditHold, value, style: 'danger' })] : []),
    ...(view.creditHoldButton === 'release' ? [button({ text: customerCreditHoldLabels.release, actionId: actionIds.releaseCustomerCreditHold, value, style: 'primary' })] : []),
  ];
  return buttons.length === 0 ? [] : [actionsBlock(buttons, 'arbot.ar_credit')];
}

export const customerChoiceActionId = 'arbot.ar_customer';
/** Matches offered as buttons; more means the search was too vague. */
export const customerChoiceMax = 10;

/** Several customers match `/ar <query>`: one "Show" button each (value `{"c":"<external id>"}`). */
export function buildCustomerChoiceBlocks(matches: readonly CustomerMatch[], query: string): KnownBlock[] {
  if (matches.length === 0) return [sectionBlock(noCustomerMatches(query, md))];
  const rows = matches.slice(0, customerChoiceMax).map((m, k) => {
    const value = customerValue(m.customerExternalId);
    const text = `${md.bold(m.customerName)}\n${customerMatchDetail(m, md)}`;
    // An id too long for a button value cannot be carried: the text still tells the person what to type.
    const fits = value.length <= blockKitLimits.buttonValue;
    return { ...sectionBlock(text, fits ? button({ text: 'Show', actionId: customerChoiceActionId, value }) : undefined), block_id: `arbot.ar_match_${k}` };
  });
  const hidden = matches.length - rows.length;
  return [
    sectionBlock(customerMatchCount(matches.length, query, md)),
    ...rows,
    ...(hidden > 0 ? [contextBlock([moreMatches(hidden)])] : []),
  ];
}
