import { creditControls } from '../../src/views/card-controls.js';
import type { CreditAlertView, CreditFacts } from '../../src/views/credit-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { creditFacts, creditHeader, creditHoldLine, creditSummary, creditText } from '../wording/credit-wording.js';
import { inputIds } from './action-data.js';
import {
  actionSet, adaptiveCard, execute, factSet, headerBlock, showCard, textBlock, textInput, type CardAction, type CardElement, type TeamsCard,
} from './adaptive-card.js';
import { factPairs } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

/** The credit buttons: the hold and the limit unfold their forms on the card; each submission names the alert. */
function creditActions(alertId: string, credit: CreditFacts): CardAction[] {
  const data = { a: alertId };
  return creditControls(credit).map((c) => {
    if (c.id === actionIds.creditHold) {
      return showCard(c.label, [
        textInput(inputIds.creditHoldReason, 'Reason', { maxLength: 500, multiline: true, required: 'Say why the customer is put on credit hold' }),
      ], execute('Put on hold', c.id, data, 'destructive'));
    }
    if (c.id === actionIds.creditLimit) {
      return showCard(c.label, [
        textInput(inputIds.creditLimitAmount, `New limit (${credit.limit?.currency ?? 'currency, e.g. EUR 50000'})`, {
          maxLength: 40, required: 'Type the new limit', placeholder: credit.limit === null ? 'EUR 50000' : `Now ${credit.limit.limit}`,
        }),
      ], execute('Save limit', c.id, data, 'positive'));
    }
    return execute(c.label, c.id, data, c.style === 'primary' ? 'positive' : undefined);
  });
}

/** A customer near or over its credit limit, or long overdue: to the account manager and finance. */
export function buildCreditCard(view: CreditAlertView, mentions: Mentions, notice: CardElement[]): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(creditHeader(view, md)),
    textBlock(creditText(view, mentions.name(view.owner), md)),
    ...(view.credit.hold === null ? [] : [textBlock(creditHoldLine(view.credit.hold, md), { color: 'Attention', weight: 'Bolder' })]),
    factSet(factPairs(creditFacts(view.credit, md))),
    actionSet(creditActions(view.alertId, view.credit)),
  ];
  const summary = creditSummary(view, plain);
  return { card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary };
}
