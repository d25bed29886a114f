import { creditControls } from '../../src/views/card-controls.js';
import type { CreditAlertView } from '../../src/views/credit-view.js';
import { creditFacts, creditHeader, creditHoldLine, creditSummary, creditText } from '../wording/credit-wording.js';
import { creditValue } from './action-value.js';
import { actionsBlock, blockKitLimits, button, fieldsBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import { fieldText } from './invoice-text.js';
import { mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

/**
 * A customer reached 80% or 100% of its credit limit, or has an invoice long overdue: to the account manager and
 * finance, with the hold line while it is held and the credit buttons (each carrying the alert, `{"a":…}`).
 */
export function buildCreditAlert(view: CreditAlertView): SlackMessage {
  const value = creditValue(view.alertId);
  const blocks: KnownBlock[] = [
    headerBlock(creditHeader(view, plain)),
    sectionBlock(creditText(view, mention(view.owner), md)),
    ...(view.credit.hold === null ? [] : [sectionBlock(creditHoldLine(view.credit.hold, md))]),
    fieldsBlock(creditFacts(view.credit, md).map(fieldText)),
    actionsBlock(creditControls(view.credit).map((c) => button({ text: c.label, actionId: c.id, value, ...(c.style ? { style: c.style } : {}) })), 'arbot.credit_actions'),
  ];
  return { text: truncate(creditSummary(view, md), blockKitLimits.fallbackText), blocks };
}
