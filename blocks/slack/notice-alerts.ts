import type { OwnerRef } from '../../src/views/alert-view.js';
import {
  bouncedHeader, bouncedSummary, bouncedText, bouncedTodo, problemHeader, problemSummary, problemText, problemTodo,
  unmatchedFacts, unmatchedHeader, unmatchedSummary, unmatchedTodo,
  type EmailBounced, type EmailProblem, type PaymentUnmatched,
} from '../wording/notice-wording.js';
import { blockKitLimits, fieldsBlock, headerBlock, sectionBlock, type SlackMessage } from './block-kit.js';
import { quoteText } from './dispute-alerts.js';
import { fieldText } from './invoice-text.js';
import { mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

// Alerts that need a person to look at something outside arbot (a mailbox, the ERP): what happened and what to
// do, no buttons. The words are blocks/wording/notice-wording.ts.

const fallback = (text: string) => truncate(text, blockKitLimits.fallbackText);

/** A reminder bounced: reminders to that contact stop until the address is fixed. */
export function buildEmailBouncedAlert(a: EmailBounced & { owner: OwnerRef | null }): SlackMessage {
  return {
    text: fallback(bouncedSummary(a, md)),
    blocks: [
      headerBlock(bouncedHeader(a, plain)),
      sectionBlock(`${bouncedText(a, mention(a.owner), md)}\n${quoteText(a.reason, 1000)}`),
      sectionBlock(bouncedTodo(md)),
    ],
  };
}

/** A reminder failed, or arbot cannot tell whether it went out. */
export function buildEmailProblemAlert(a: EmailProblem & { owner: OwnerRef | null }): SlackMessage {
  return {
    text: fallback(problemSummary(a, md)),
    blocks: [
      headerBlock(problemHeader(a, plain)),
      sectionBlock(`${problemText(a, mention(a.owner), md)}\n${quoteText(a.reason, 1000)}`),
      sectionBlock(problemTodo(a, md)),
    ],
  };
}

/** A payment arbot could not allocate to an invoice: for finance to match by hand. */
export function buildPaymentUnmatchedAlert(a: PaymentUnmatched): SlackMessage {
  return {
    text: fallback(unmatchedSummary(a, md)),
    blocks: [
      headerBlock(unmatchedHeader(a, plain)),
      fieldsBlock(unmatchedFacts(a, md).map(fieldText)),
      sectionBlock(unmatchedTodo(md)),
    ],
  };
}
