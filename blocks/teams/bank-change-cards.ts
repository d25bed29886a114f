import type { BankChangeFacts } from '../../src/views/alert-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import { actionSet, adaptiveCard, execute, headerBlock, noteBlock, showCard, textBlock, textInput, type CardElement, type TeamsCard } from './adaptive-card.js';
import {
  bankChangeAfter, bankChangeAsk, bankChangeBefore, bankChangeDecisionText, bankChangeHeader, bankChangeOthers, bankChangePendingText,
  bankChangeRefuseIntro, bankChangeRefuseLabel, bankChangeRefusePlaceholder, bankChangeSummary,
} from '../wording/bank-change-wording.js';
import { teamsMarks as md } from './teams-markdown.js';

/** A change of the bank details customers pay to, from the same view model and words as Slack's message. */
export function buildBankChangeCard(change: BankChangeFacts, notice: CardElement[]): TeamsCard {
  const others = bankChangeOthers(change, md);
  const body: CardElement[] = [
    ...notice,
    headerBlock(bankChangeHeader(change, md)),
    textBlock(bankChangeAsk(change, md)),
    textBlock(bankChangeBefore(change, md)),
    textBlock(bankChangeAfter(change, md)),
    ...(others === '' ? [] : [textBlock(others)]),
  ];
  if (change.status === 'pending') {
    const data = { bc: change.changeId };
    body.push(noteBlock(bankChangePendingText), actionSet([
      execute('Approve', teamsVerbs.approveBankChange, data, 'positive'),
      showCard('Refuse', [
        textBlock(bankChangeRefuseIntro(change, md)),
        textInput(inputIds.bankChangeRefuseReason, bankChangeRefuseLabel, {
          maxLength: 1000, multiline: true, placeholder: bankChangeRefusePlaceholder, required: 'Say why these bank details are refused',
        }),
      ], execute('Refuse', teamsVerbs.refuseBankChange, data, 'destructive')),
    ]));
  } else {
    body.push(noteBlock(bankChangeDecisionText(change, md)));
  }
  const summary = bankChangeSummary(change);
  return { card: adaptiveCard(body, { fallbackText: summary }), summary };
}
