import type { ImportRunFacts } from '../../src/views/alert-view.js';
import { countOf } from './number-text.js';
import type { Marks } from './marks.js';

// Words of the one-per-run import alert that Slack and Teams show alike. Each surface lays out the lines and may
// set ids in code style (`code`); the words and counts are these.

type UnmatchedLine = ImportRunFacts['unmatched']['lines'][number];
type ReleasedLine = NonNullable<ImportRunFacts['released']>['lines'][number];
/** How a surface sets an id or a command apart (Slack: a code span; Teams: as it is). */
type Code = (escaped: string) => string;

/**
 * What the run left for finance, as a headline.
 * @example importRunHeadline({ unmatched: { count: 5000, … }, released: null, … }) // "5,000 unmatched payments"
 */
export function importRunHeadline(run: Pick<ImportRunFacts, 'unmatched' | 'released'>): string {
  const u = run.unmatched;
  const r = run.released;
  return [
    ...(u.count > 0 ? [countOf(u.count, 'unmatched payment', 'unmatched payments')] : []),
    ...(r && r.count > 0 ? [countOf(r.count, 'allocation released', 'allocations released')] : []),
  ].join(', ') || 'nothing to match';
}

/** "Import #42: 5,000 unmatched payments" with its picture. */
export const importRunHeader = (run: ImportRunFacts, m: Marks): string => `${m.icon('inbox_tray')} Import #${m.esc(run.runId)}: ${importRunHeadline(run)}`;

/** Which run: id, how, by whom, when. */
export const importRunIntro = (run: ImportRunFacts, m: Marks): string =>
  `Import run ${m.strong(`#${m.esc(run.runId)}`)} (${m.esc(run.via)}, by ${m.esc(run.actor)}) finished ${m.esc(run.finishedAt)}.`;

/** A run that stopped early says so; null for one that finished. */
export const importRunFailure = (run: ImportRunFacts, m: Marks): string | null =>
  (run.failed ? `It stopped early (${m.esc(m.cut(run.failed, 500))}): what follows is what it stored before.` : null);

/** " (total 1,200.00 EUR · 30.00 USD)", or nothing without totals. */
export const unmatchedTotals = (run: ImportRunFacts, m: Marks): string =>
  (run.unmatched.totals.length > 0 ? ` (total ${run.unmatched.totals.map(m.esc).join(' · ')})` : '');

export const unmatchedHeading = (run: ImportRunFacts, m: Marks): string =>
  `${m.strong(`${countOf(run.unmatched.count, 'payment', 'payments')} could not be matched`)}${unmatchedTotals(run, m)}:`;

export function unmatchedLine(l: UnmatchedLine, m: Marks, code: Code): string {
  const who = l.customerName === null ? l.customerExternalId : `${l.customerName} (${l.customerExternalId})`;
  return `${code(m.esc(l.paymentExternalId))} ${m.esc(l.amount)} from ${m.esc(who)}: ${m.esc(m.cut(l.reason, 200))} · ${code(`/ar ${m.esc(l.customerExternalId)}`)}`;
}

/** "…and 4,980 more unmatched payments; all 5,000 total 1,200.00 EUR." for the lines the view did not load. */
export function unmatchedMore(run: ImportRunFacts, m: Marks): string | null {
  const u = run.unmatched;
  const hidden = u.count - u.lines.length;
  if (hidden <= 0) return null;
  const all = u.totals.length > 0 ? `; all ${u.count.toLocaleString('en-US')} total ${u.totals.map(m.esc).join(' · ')}` : '';
  return `…and ${countOf(hidden, 'more unmatched payment', 'more unmatched payments')}${all}.`;
}

export const releasedHeading = (released: NonNullable<ImportRunFacts['released']>, m: Marks): string =>
  `${m.strong(`${countOf(released.count, 'allocation was', 'allocations were')} released`)} (the ERP's update no longer fit them; the money is matched again or waits as unmatched):`;

export const releasedLine = (l: ReleasedLine, m: Marks, code: Code): string =>
  `${code(m.esc(l.externalId))}${l.amount ? ` ${m.esc(l.amount)}` : ''}: ${m.esc(l.reason)}`;

export function releasedMore(released: NonNullable<ImportRunFacts['released']>): string | null {
  const hidden = released.count - released.lines.length;
  return hidden > 0 ? `…and ${countOf(hidden, 'more released allocation', 'more released allocations')}.` : null;
}

/** What finance does about it. `command` is how the surface writes the /ar hint. */
export const importRunTodo = (command: string): string =>
  `What to do: find the invoice each payment pays, set its invoice number on the payment in the ERP and import it again; arbot retries every unallocated payment on import. ${command} shows an account.`;

/** The notification line. */
export const importRunSummary = (run: ImportRunFacts, m: Marks): string => `Import #${m.esc(run.runId)}: ${importRunHeadline(run)}`;
