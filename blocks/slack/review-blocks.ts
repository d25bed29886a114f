import type { ReviewView } from '../../src/views/review-view.js';
import {
  reviewAccountLines, reviewAccountsShown, reviewAccountTitle, reviewFootnote, reviewHeader, reviewMoneyLine, reviewMoreAccounts, reviewNothing,
  reviewSummary, reviewTotalsTitle,
} from '../wording/review-wording.js';
import { contextBlock, dividerBlock, headerBlock, sectionBlock, type SlackMessage } from './block-kit.js';
import { mrkdwnMarks as md } from './mrkdwn.js';

/**
 * The `/review` answer: the totals per currency first, then each top or strategic account (its disputes, and per
 * currency invoiced, collected, open and overdue with the change against the previous month), at most
 * `reviewAccountsShown`, then "…and N more accounts". One section per account: 26 blocks at most.
 * @example buildReviewMessage(view).blocks[0] // the header "Top-account review · 2026-03"
 */
export function buildReviewMessage(v: ReviewView): SlackMessage {
  const head = [headerBlock(reviewHeader(v))];
  const tail = [contextBlock([reviewFootnote(v)])];
  const text = reviewSummary(v);
  if (v.accounts.length === 0) return { text, blocks: [...head, sectionBlock(reviewNothing), ...tail] };
  const shown = v.accounts.slice(0, reviewAccountsShown);
  const hidden = v.accounts.length - shown.length;
  return {
    text,
    blocks: [
      ...head,
      sectionBlock([`*${reviewTotalsTitle}*`, ...v.totals.map((t) => reviewMoneyLine(t, md))].join('\n')),
      dividerBlock(),
      ...shown.map((a) => sectionBlock([reviewAccountTitle(a, md), ...reviewAccountLines(a, md)].join('\n'))),
      ...(hidden === 0 ? [] : [contextBlock([reviewMoreAccounts(hidden)])]),
      ...tail,
    ],
  };
}
