import type { ReviewAccount, ReviewFigure, ReviewMoney, ReviewView } from '../../src/views/review-view.js';
import { moreText } from './list-wording.js';
import type { Marks } from './marks.js';

// The words of the /review answer (Slack) and of `@arbot review` (Teams). Amounts arrive formatted, one currency
// per line: never converted or added across currencies.

/** Accounts listed before "…and N more accounts" (each surface may show fewer to stay within its size limit). */
export const reviewAccountsShown = 20;

/** "Top-account review · 2026-03" */
export const reviewHeader = (v: ReviewView): string => `Top-account review · ${v.month}`;

/** The notification line. */
export const reviewSummary = (v: ReviewView): string => `Top-account review of ${v.month} against ${v.previousMonth}`;

export const reviewFootnote = (v: ReviewView): string =>
  `Top and strategic accounts, ${v.month} against ${v.previousMonth}: invoiced and collected in the month, open and overdue at its end. `
  + 'Per currency, never converted or added across currencies. The whole list: arbot report review.';

export const reviewNothing = 'No top or strategic accounts yet: mark customers as segment top or strategic in the customers import.';

export const reviewTotalsTitle = 'All top and strategic accounts';

const figure = (label: string, f: ReviewFigure, m: Marks) => `${label} ${m.esc(f.value)} (${m.esc(f.change)})`;

/** "EUR: invoiced €500.00 (−€500.00) · collected €400.00 (+€200.00) · open … · overdue …" */
export const reviewMoneyLine = (r: ReviewMoney, m: Marks): string =>
  `${m.esc(r.currency)}: ${[figure('invoiced', r.invoiced, m), figure('collected', r.collected, m), figure('open', r.open, m), figure('overdue', r.overdue, m)].join(' · ')}`;

export const reviewNoMoney = 'Nothing invoiced, collected or open in either month.';

/** "Customer TOP1 · TOP1 · top" (", strategic" when it is). */
export const reviewAccountTitle = (a: ReviewAccount, m: Marks): string =>
  `${m.bold(a.name)} · ${m.esc(a.externalId)} · ${m.esc(a.segment)}${a.strategic ? ', strategic' : ''}`;

/** "Disputes: 2 opened (±0), 2 open at month end (+1)" */
export const reviewDisputesLine = (a: ReviewAccount): string =>
  `Disputes: ${a.disputesOpened.value} opened (${a.disputesOpened.change}), ${a.disputesOpen.value} open at month end (${a.disputesOpen.change})`;

/** An account's lines under its title. */
export const reviewAccountLines = (a: ReviewAccount, m: Marks): string[] =>
  [reviewDisputesLine(a), ...(a.money.length === 0 ? [reviewNoMoney] : a.money.map((r) => reviewMoneyLine(r, m)))];

export const reviewMoreAccounts = (hidden: number): string => moreText(hidden, ['account', 'accounts']);
