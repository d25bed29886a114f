import type { OwnerRef } from '../../src/views/alert-view.js';
import {
  bouncedHeader, bouncedSummary, bouncedText, bouncedTodo, problemHeader, problemSummary, problemText, problemTodo,
  unmatchedFacts, unmatchedHeader, unmatchedSummary, unmatchedTodo,
  type EmailBounced, type EmailProblem, type PaymentUnmatched,
} from '../wording/notice-wording.js';
import { adaptiveCard, factSet, headerBlock, textBlock, type CardElement, type TeamsCard } from './adaptive-card.js';
import { quoteBox } from './dispute-cards.js';
import { factPairs } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { teamsMarks as md, teamsPlainMarks as plain } from './teams-markdown.js';

// Alerts that need a person to look at something outside arbot (a mailbox, the ERP): what happened and what to
// do, no buttons. The words are blocks/wording/notice-wording.ts.

const card = (body: CardElement[], summary: string, mentions: Mentions): TeamsCard =>
  ({ card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary });

export function buildEmailBouncedCard(a: EmailBounced & { owner: OwnerRef | null }, mentions: Mentions, notice: CardElement[]): TeamsCard {
  return card([
    ...notice,
    headerBlock(bouncedHeader(a, md)),
    textBlock(bouncedText(a, mentions.name(a.owner), md)),
    quoteBox(a.reason, 1000),
    textBlock(bouncedTodo(md)),
  ], bouncedSummary(a, plain), mentions);
}

export function buildEmailProblemCard(a: EmailProblem & { owner: OwnerRef | null }, mentions: Mentions, notice: CardElement[]): TeamsCard {
  return card([
    ...notice,
    headerBlock(problemHeader(a, md)),
    textBlock(problemText(a, mentions.name(a.owner), md)),
    quoteBox(a.reason, 1000),
    textBlock(problemTodo(a, md)),
  ], problemSummary(a, plain), mentions);
}

export function buildPaymentUnmatchedCard(a: PaymentUnmatched, mentions: Mentions, notice: CardElement[]): TeamsCard {
  return card([
    ...notice,
    headerBlock(unmatchedHeader(a, md)),
    factSet(factPairs(unmatchedFacts(a, md))),
    textBlock(unmatchedTodo(md)),
  ], unmatchedSummary(a, plain), mentions);
}
