import type { FeeClaimFacts, FeeClaimLine } from '../../src/views/fee-claim-view.js';
import type { Marks } from './marks.js';
import { plural } from './number-text.js';

// The words of the card that asks a finance approver to approve or refuse a claim of late-payment charges
// (alert fee_claim_approval), once for Slack and Teams. The buttons are /ar's (fee-wording.ts feeButtonLabels).

export function feeClaimHeader(c: FeeClaimFacts, m: Marks): string {
  const state = c.status === 'awaiting' ? `${m.icon('rotating_light')} Finance approval needed` : `${m.icon('ballot_box_with_check')} Finance decided`;
  return `${state}: late-payment charges on ${m.esc(c.customerName)}`;
}

/** Who claimed what, and what it waits for. */
export const feeClaimAsk = (c: FeeClaimFacts, m: Marks): string =>
  `${m.bold(c.claimedBy)} claimed late-payment charges on ${plural(c.lines.length, 'invoice', 'invoices')} of ${m.bold(c.customerName)} (${m.esc(c.customerExternalId)}), a top or strategic account: nothing is claimed until a finance approver approves.`;

/** One invoice: "*INV-7* · 30 days late · €40.00 compensation + €9.86 interest = *€49.86* · Art. L441-10 …". */
export function feeClaimLine(l: FeeClaimLine, m: Marks): string {
  const amounts = l.compensation === null ? `${m.esc(l.interest)} interest` : `${m.esc(l.compensation)} compensation + ${m.esc(l.interest)} interest`;
  return `${m.bold(l.invoiceNumber)} · ${plural(l.daysLate, 'day', 'days')} late · ${amounts} = ${m.bold(l.total)} · ${m.cut(m.esc(l.legalBasis), 200)}`;
}

/** Per currency, never added across currencies. */
export const feeClaimTotals = (c: FeeClaimFacts, m: Marks): string => `${m.strong('Total:')} ${c.totals.map((t) => m.bold(t)).join(' · ')}`;

// "reminder or statement": a customer past the reminder schedule's window is told in a statement email (issue 19
// review); /ar says which for the customer (late-charge-reach.ts).
export const feeClaimPendingText = 'Approved, the next reminder or statement email states these charges with their legal basis · refused, nothing is claimed (say why) · only a finance approver can decide.';

/** Once decided: who, and why when refused. */
export function feeClaimDecisionText(c: FeeClaimFacts, m: Marks): string {
  const by = m.esc(c.decidedBy ?? 'someone');
  return c.status === 'refused'
    ? `${m.icon('no_entry_sign')} ${m.bold('Refused')} by ${by}: ${m.cut(m.esc(c.refusalReason ?? 'no reason given'), 500)}. Nothing is claimed.`
    : `${m.icon('white_check_mark')} ${m.bold('Approved')} by ${by}: the next reminder or statement email states these charges (/ar says which).`;
}

/** The notification line, unescaped (each surface escapes it whole). */
export const feeClaimSummary = (c: FeeClaimFacts): string => (c.status === 'awaiting'
  ? `Finance approval needed: late-payment charges claimed on ${c.customerName} by ${c.claimedBy}`
  : `Finance ${c.status}: late-payment charges on ${c.customerName}`);
