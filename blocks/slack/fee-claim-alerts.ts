import type { FeeClaimFacts } from '../../src/views/fee-claim-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { feeButtonLabels } from '../wording/fee-wording.js';
import {
  feeClaimAsk, feeClaimDecisionText, feeClaimHeader, feeClaimLine, feeClaimPendingText, feeClaimSummary, feeClaimTotals,
} from '../wording/fee-claim-wording.js';
import { customerFeesValue } from './action-value.js';
import { actionsBlock, blockKitLimits, button, contextBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import { listSections } from './list-text.js';
import { escapeMrkdwn, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

/**
 * Late-payment charges claimed on a top or strategic account, to finance: the invoices, amounts and legal basis,
 * the totals per currency. Waiting: Approve / Refuse (a reason), the buttons of /ar (`{"cu":…}`); decided: who, no buttons.
 */
export function buildFeeClaimAlert(claim: FeeClaimFacts): SlackMessage {
  const lines = listSections(claim.lines.map((l) => feeClaimLine(l, md)), { maxItems: 30, maxSections: 2, noun: ['invoice', 'invoices'] });
  const blocks: KnownBlock[] = [
    headerBlock(feeClaimHeader(claim, plain)),
    sectionBlock(feeClaimAsk(claim, md)),
    ...lines.map((t) => sectionBlock(t)),
    sectionBlock(feeClaimTotals(claim, md)),
  ];
  if (claim.status === 'awaiting') {
    const value = customerFeesValue(claim.customerId);
    blocks.push(contextBlock([feeClaimPendingText]), actionsBlock([
      button({ text: feeButtonLabels.approve, actionId: actionIds.approveFees, value, style: 'primary' }),
      button({ text: feeButtonLabels.refuse, actionId: actionIds.refuseFees, value, style: 'danger' }),
    ], 'arbot.fee_claim_actions'));
  } else {
    blocks.push(contextBlock([feeClaimDecisionText(claim, md)]));
  }
  return { text: truncate(escapeMrkdwn(feeClaimSummary(claim)), blockKitLimits.fallbackText), blocks };
}
