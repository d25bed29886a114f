import type { ReviewAccount, ReviewView } from '../../src/views/review-view.js';
import {
  reviewAccountLines, reviewAccountsShown, reviewAccountTitle, reviewFootnote, reviewHeader, reviewMoneyLine, reviewMoreAccounts, reviewNothing,
  reviewSummary, reviewTotalsTitle,
} from '../wording/review-wording.js';
import { adaptiveCard, headerBlock, noteBlock, textBlock, type CardElement, type Container, type TeamsCard } from './adaptive-card.js';
import { fitCard } from './fit-card.js';
import { teamsMarks as md } from './teams-markdown.js';

// The `@arbot review` answer; the words are blocks/wording/review-wording.ts, as on Slack.

const accountBlock = (a: ReviewAccount): Container => ({
  type: 'Container', separator: true, items: [textBlock(reviewAccountTitle(a, md)), textBlock(reviewAccountLines(a, md).join('\n\n'))],
});

/**
 * The same content as Slack's `/review`: totals per currency, then each account, as many as fit Teams' message
 * size (at most `reviewAccountsShown`), then "…and N more accounts".
 */
export function buildReviewCard(v: ReviewView): TeamsCard {
  const summary = reviewSummary(v);
  const head: CardElement[] = [headerBlock(reviewHeader(v))];
  const foot = noteBlock(reviewFootnote(v));
  if (v.accounts.length === 0) return { card: adaptiveCard([...head, textBlock(reviewNothing), foot], { fallbackText: summary }), summary };
  const totals = textBlock([md.strong(reviewTotalsTitle), ...v.totals.map((t) => reviewMoneyLine(t, md))].join('\n\n'));
  const { card } = fitCard((list) => [...head, totals, ...list, foot], v.accounts.map(accountBlock), reviewAccountsShown, reviewMoreAccounts, summary);
  return { card, summary };
}
