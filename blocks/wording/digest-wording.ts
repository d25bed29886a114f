import { statusLabels } from '../../src/domain/disputes/dispute-status.js';
import type { DigestReplies, WeeklyDigest } from '../../src/views/digest-view.js';
import type { Marks } from './marks.js';

// The words of the weekly digest that Slack and Teams share. The two digests still differ in what they say about
// the week-on-week move and in a few labels (see the renderers): those parts stay with each renderer until
// product settles on one wording, so that unifying them is a visible change and not a side effect of a refactor.

export const thisWeekTitle = 'This week';
export const disputeAgesTitle = 'Open disputes by age';
export const oldestDisputesTitle = 'Oldest open disputes';

/** "€12,000.00 + $300.00", or "none". */
export const paymentsReceivedText = (activity: WeeklyDigest['activity'], m: Marks): string =>
  (activity.paymentsReceived.length === 0 ? 'none' : activity.paymentsReceived.map(m.esc).join(' + '));

/**
 * One of the oldest open disputes: "Acme · INV-7 · <age> · Investigating · Ana · €10.00", the customer in bold.
 * `age` is passed in because the surfaces write it differently today (Slack "1 days", Teams "1 day").
 */
export const oldestDisputeLine = (x: WeeklyDigest['oldestDisputes'][number], age: string, m: Marks): string =>
  `${m.bold(x.customerName)} · ${m.esc(x.invoiceNumber)} · ${age} · ${statusLabels[x.status]} · ${x.ownerName ? m.esc(x.ownerName) : 'unclaimed'} · ${m.esc(x.amountDue)}`;

export const repliesTitle = 'Customer replies';

/**
 * "5 received · 3 dealt with, median 4.5 h to answer", or "5 received · none dealt with". Only for digests that
 * counted replies: one stored before has no `replies`, and its renderers leave the line out.
 * @example repliesText({ received: 5, answered: 3, medianHoursToAnswer: 4.5 }) // "5 received · 3 dealt with, median 4.5 h to answer"
 */
export const repliesText = (r: DigestReplies): string =>
  `${r.received} received · ${r.medianHoursToAnswer === null ? 'none dealt with' : `${r.answered} dealt with, median ${r.medianHoursToAnswer.toFixed(1)} h to answer`}`;
