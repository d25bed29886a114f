import type { FeeClaimFacts } from '../../src/views/fee-claim-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import { actionSet, adaptiveCard, execute, headerBlock, noteBlock, showCard, textBlock, textInput, type CardElement, type TeamsCard } from './adaptive-card.js';
import { feeButtonLabels, feeRefuseReasonLabel, feeRefuseReasonPlaceholder } from '../wording/fee-wording.js';
import {
  feeClaimAsk, feeClaimDecisionText, feeClaimHeader, feeClaimLine, feeClaimPendingText, feeClaimSummary, feeClaimTotals,
} from '../wording/fee-claim-wording.js';
import { listText } from './list-text.js';
import { teamsMarks as md } from './teams-markdown.js';

/**
 * A claim of late-payment charges waiting for a finance approver, from the same view model and words as Slack's
 * message; Refuse unfolds its reason on the card (Slack's modal).
 */
export function buildFeeClaimCard(claim: FeeClaimFacts, notice: CardElement[]): TeamsCard {
  const body: CardElement[] = [
    ...notice,
    headerBlock(feeClaimHeader(claim, md)),
    textBlock(feeClaimAsk(claim, md)),
    textBlock(listText(claim.lines.map((l) => feeClaimLine(l, md)), { maxItems: 30, noun: ['invoice', 'invoices'] })),
    textBlock(feeClaimTotals(claim, md)),
  ];
  if (claim.status === 'awaiting') {
    const data = { cu: claim.customerId };
    body.push(noteBlock(feeClaimPendingText), actionSet([
      execute(feeButtonLabels.approve, teamsVerbs.approveFees, data, 'positive'),
      showCard(feeButtonLabels.refuse, [
        textInput(inputIds.feeRefuseReason, feeRefuseReasonLabel, { maxLength: 1000, multiline: true, placeholder: feeRefuseReasonPlaceholder, required: 'Say why the claim is refused' }),
      ], execute(feeButtonLabels.refuseSubmit, teamsVerbs.refuseFees, data, 'destructive')),
    ]));
  } else {
    body.push(noteBlock(feeClaimDecisionText(claim, md)));
  }
  const summary = feeClaimSummary(claim);
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
