import { type BankChangeFacts } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { bankChangeValue } from './action-value.js';
import { actionsBlock, blockKitLimits, button, contextBlock, headerBlock, sectionBlock, type KnownBlock, type SlackMessage } from './block-kit.js';
import { escapeMrkdwn, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';
import {
  bankChangeAfter, bankChangeAsk, bankChangeBefore, bankChangeDecisionText, bankChangeHeader, bankChangeOthers, bankChangePendingText,
  bankChangeSummary,
} from '../wording/bank-change-wording.js';

/**
 * A change of the bank details customers pay to, to finance: old and new (masked), who loaded it. Pending: Approve /
 * Refuse; decided: who decided, no buttons.
 */
export function buildBankChangeAlert(change: BankChangeFacts): SlackMessage {
  const others = bankChangeOthers(change, md);
  const blocks: KnownBlock[] = [
    headerBlock(bankChangeHeader(change, plain)),
    sectionBlock(bankChangeAsk(change, md)),
    sectionBlock(`${bankChangeBefore(change, md)}\n${bankChangeAfter(change, md)}${others === '' ? '' : `\n${others}`}`),
  ];
  if (change.status === 'pending') {
    const value = bankChangeValue(change.changeId);
    blocks.push(contextBlock([bankChangePendingText]), actionsBlock([
      button({ text: 'Approve', actionId: actionIds.approveBankChange, value, style: 'primary' }),
      button({ text: 'Refuse', actionId: actionIds.refuseBankChange, value, style: 'danger' }),
    ], 'arbot.bank_change_actions'));
  } else {
    blocks.push(contextBlock([bankChangeDecisionText(change, md)]));
  }
  return { text: truncate(escapeMrkdwn(bankChangeSummary(change)), blockKitLimits.fallbackText), blocks };
}
