import { formatAmount } from '../money.js';
import type { ReviewReport } from './account-review.js';
import type { DisputeReport } from './dispute-report.js';
import type { DsoReport } from './dso-report.js';
import type { ReminderReport } from './reminder-report.js';
import type { TeamFigures, TeamReport } from './team-report.js';

export type Report = DsoReport | ReviewReport | TeamReport | DisputeReport | ReminderReport;

/** A report as text cells: the table the CLI prints and, for the first section, the CSV it writes. */
export interface ReportSection {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const text = (v: number | null) => (v === null ? '' : String(v));
const money = (minor: bigint, currency: string) => formatAmount(minor, currency);
const signed = (minor: bigint, currency: string) => `${minor > 0n ? '+' : ''}${formatAmount(minor, currency)}`;

/**
 * The report as sections of text cells, amounts in the currency's units (exact decimal strings). The first
 * section is the report's main table; later ones (the disputes trend) only appear in the printed table and JSON.
 * @example reportSections(reviewReport)[0].columns[0] // "account"
 */
export function reportSections(r: Report): ReportSection[] {
  switch (r.report) {
    case 'dso':
      return [{
        title: `DSO as of ${r.as_of} (change since ${r.previous_as_of})`,
        columns: ['currency', 'dso_90d', 'dso_90d_change', 'overdue_share', 'open_ar', 'overdue', 'disputed', 'disputed_amount', 'avg_dispute_age_days'],
        rows: r.currencies.map((c) => [c.currency, text(c.dso_90d), text(c.dso_90d_change), text(c.overdue_share_amount), c.open_ar,
          c.overdue_amount, String(c.disputed_count), c.disputed_amount, text(c.avg_dispute_age_days)]),
      }];
    case 'review':
      return [{
        title: `Top accounts, ${r.month} (change against ${r.previous_month})`,
        columns: ['account', 'name', 'currency', 'invoiced', 'invoiced_change', 'collected', 'collected_change', 'open', 'open_change',
          'overdue', 'overdue_change', 'disputes_opened', 'disputes_open'],
        rows: [
          ...r.accounts.flatMap((a) => {
            const disputes = [String(a.disputes.opened), String(a.disputes.open)];
            if (a.currencies.length === 0) return [[a.external_id, a.name, '', '', '', '', '', '', '', '', '', ...disputes]];
            return a.currencies.map((m) => [a.external_id, a.name, ...moneyCells(m), ...disputes]);
          }),
          ...r.totals.map((m) => ['TOTAL', '', ...moneyCells(m), '', '']),
        ],
      }];
    case 'team':
      return [{
        title: `Owners and teams: overdue as of ${r.as_of}, work in ${r.month} (SLA ${r.sla_hours} h)`,
        columns: ['owner', 'team', 'currency', 'overdue', 'overdue_invoices', 'disputes_claimed', 'disputes_resolved', 'median_resolution_hours',
          'sla_breaches', 'promises_kept', 'promises_broken', 'promises_kept_share', 'approvals_pending', 'oldest_approval_hours'],
        rows: [...r.owners.flatMap((o) => teamCells(o.email, o.team, o)), ...r.teams.flatMap((t) => teamCells('', t.team, t))],
      }];
    case 'disputes':
      return [{
        title: `Dispute reasons, ${r.month}`,
        columns: ['reason', 'opened', 'currency', 'amount', 'resolved', 'median_resolution_hours'],
        rows: r.reasons.flatMap((x) => (x.amounts.length === 0 ? [{ currency: '', amount_minor: null }] : x.amounts).map((a) =>
          [x.reason, String(x.opened), a.currency, a.amount_minor === null ? '' : money(a.amount_minor, a.currency), String(x.resolved), text(x.median_resolution_hours)])),
      }, {
        title: 'Disputes opened per month',
        columns: ['reason', ...r.trend.months],
        rows: r.trend.reasons.map((x) => [x.reason, ...x.opened.map(String)]),
      }];
    case 'reminders':
      return [{
        title: `Reminders sent in ${r.month}; paid invoices: ${r.paid_invoices.invoices}, reminders per paid invoice: ${text(r.paid_invoices.reminders_per_paid_invoice) || '-'}`,
        columns: ['policy', 'step', 'template', 'sent', 'delivered', 'opened', 'clicked', 'bounced', 'replied', 'invoices_reminded', 'paid_within_7_days',
          'paid_within_7_days_share', 'control', 'z', 'p_value'],
        rows: r.steps.map((s) => {
          const c = r.comparisons.find((x) => x.policy === s.policy && x.step === s.step && x.variant === s.template);
          return [s.policy, s.step, s.template, ...[s.sent, s.delivered, s.opened, s.clicked, s.bounced, s.replied, s.invoices_reminded, s.paid_within_7_days].map(String),
            text(s.paid_within_7_days_share), c?.control ?? '', text(c?.z ?? null), text(c?.p_value ?? null)];
        }),
      }];
  }
}

function moneyCells(m: ReviewReport['totals'][number]): string[] {
  const c = m.currency;
  return [c, money(m.invoiced_minor, c), signed(m.change.invoiced_minor, c), money(m.collected_minor, c), signed(m.change.collected_minor, c),
    money(m.open_minor, c), signed(m.change.open_minor, c), money(m.overdue_minor, c), signed(m.change.overdue_minor, c)];
}

function teamCells(who: string, team: string, f: TeamFigures): string[][] {
  const rest = [f.disputes_claimed, f.disputes_resolved, f.median_resolution_hours, f.sla_breaches, f.promises_kept, f.promises_broken,
    f.promises_kept_share, f.approvals_pending, f.oldest_approval_hours].map(text);
  if (f.overdue.length === 0) return [[who, team, '', '', '', ...rest]];
  return f.overdue.map((o) => [who, team, o.currency, money(o.amount_minor, o.currency), String(o.invoices), ...rest]);
}
