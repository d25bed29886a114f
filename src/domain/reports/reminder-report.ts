import type { CalendarDate } from '../calendar-date.js';
import { ratio, roundedNumber } from '../kpi/ratio.js';
import type { CalendarMonth } from './report-month.js';
import { twoProportionZTest } from './two-proportion-test.js';

/** The store's facts per policy step and template: emails sent in the period and what became of them. */
export interface TemplateStepFacts {
  readonly policy: string;
  readonly step: string;
  readonly template: string;
  readonly sent: number;
  readonly delivered: number;
  readonly opened: number;
  readonly clicked: number;
  readonly bounced: number;
  /** Emails answered by a human reply matched to that email (token or thread; machine mail excluded). */
  readonly replied: number;
  readonly invoicesReminded: number;
  /** Of those invoices, the ones settled within 7 days after the email. */
  readonly paidWithin7Days: number;
  /**
   * The template is the step's own in its policy (cadence_steps.template), not a variant tried on a share of its
   * customers: the control of the step's comparisons. Absent: not known.
   */
  readonly stepTemplate?: boolean;
}

/** The store's facts: invoices paid in the period and the reminder emails each got before its payment date. */
export interface PaidInvoiceFacts {
  readonly invoices: number;
  readonly reminders: number;
}

export interface StepFigures {
  readonly policy: string;
  readonly step: string;
  readonly template: string;
  readonly sent: number;
  readonly delivered: number;
  readonly opened: number;
  readonly clicked: number;
  readonly bounced: number;
  readonly replied: number;
  readonly invoices_reminded: number;
  readonly paid_within_7_days: number;
  /** paid_within_7_days / invoices_reminded, 4 decimals. */
  readonly paid_within_7_days_share: number | null;
}

/** A variant template of a step against the step's control (its own template, else the one that sent the most). */
export interface VariantComparison {
  readonly policy: string;
  readonly step: string;
  readonly control: string;
  readonly variant: string;
  readonly metric: 'paid_within_7_days';
  readonly control_share: number | null;
  readonly variant_share: number | null;
  /** Positive when the variant's invoices were paid within 7 days more often; null when it cannot be computed. */
  readonly z: number | null;
  readonly p_value: number | null;
}

export interface ReminderReport {
  readonly report: 'reminders';
  readonly as_of: CalendarDate;
  readonly month: CalendarMonth;
  readonly steps: readonly StepFigures[];
  readonly paid_invoices: { readonly invoices: number; readonly reminders: number; readonly reminders_per_paid_invoice: number | null };
  readonly comparisons: readonly VariantComparison[];
}

const share = (num: number, den: number) => roundedNumber(ratio(BigInt(num), BigInt(den)), 4);
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function compare(control: TemplateStepFacts, variant: TemplateStepFacts): VariantComparison {
  const test = twoProportionZTest(
    { successes: variant.paidWithin7Days, trials: variant.invoicesReminded },
    { successes: control.paidWithin7Days, trials: control.invoicesReminded },
  );
  return {
    policy: control.policy,
    step: control.step,
    control: control.template,
    variant: variant.template,
    metric: 'paid_within_7_days',
    control_share: share(control.paidWithin7Days, control.invoicesReminded),
    variant_share: share(variant.paidWithin7Days, variant.invoicesReminded),
    z: test && round4(test.z),
    p_value: test && round4(test.p_value),
  };
}

/**
 * Builds the reminders report: figures per policy step and template, reminders per paid invoice, and for each
 * step that sent more than one template, every other template compared with the control by a two-proportion z-test
 * on invoices paid within 7 days. The control is the step's own template (`stepTemplate`: a step experiment's
 * variant, however many emails it sent, is compared with it), else the one that sent the most (ties: the first by name).
 * @example buildReminderReport(period, steps, { invoices: 4, reminders: 6 }).paid_invoices.reminders_per_paid_invoice // 1.5
 */
export function buildReminderReport(period: { asOf: CalendarDate; month: CalendarMonth }, steps: readonly TemplateStepFacts[], paid: PaidInvoiceFacts): ReminderReport {
  const comparisons: VariantComparison[] = [];
  const stepKeys = [...new Set(steps.map((s) => `${s.policy}\u0000${s.step}`))];
  for (const key of stepKeys) {
    const variants = steps.filter((s) => `${s.policy}\u0000${s.step}` === key)
      .sort((a, b) => Number(b.stepTemplate === true) - Number(a.stepTemplate === true) || b.sent - a.sent || (a.template < b.template ? -1 : 1));
    const [control, ...others] = variants;
    for (const v of others) comparisons.push(compare(control!, v));
  }
  return {
    report: 'reminders',
    as_of: period.asOf,
    month: period.month,
    steps: steps.map((s) => ({
      policy: s.policy, step: s.step, template: s.template, sent: s.sent, delivered: s.delivered, opened: s.opened,
      clicked: s.clicked, bounced: s.bounced, replied: s.replied, invoices_reminded: s.invoicesReminded,
      paid_within_7_days: s.paidWithin7Days, paid_within_7_days_share: share(s.paidWithin7Days, s.invoicesReminded),
    })),
    paid_invoices: { ...paid, reminders_per_paid_invoice: roundedNumber(ratio(BigInt(paid.reminders), BigInt(paid.invoices)), 2) },
    comparisons,
  };
}
