import { choosePolicy, type ApprovalThresholds } from '../domain/cadence/choose-policy.js';
import { hasOverdueStepAhead } from '../domain/cadence/steps-ahead.js';
import type { ReminderReachStore } from '../ports/reminder-reach.js';
import { candidateWindow } from './plan-reminders.js';

/** The cadence settings the window and the policy choice depend on (cadenceSettings in src/wire/cadence.ts). */
export interface ReminderReachSettings {
  readonly maxLateDays: number;
  readonly minGapDays?: number;
  readonly thresholds: ApprovalThresholds;
}

/** Whether a reminder email is still due to a customer as of the instant the wiring gives. */
export interface ReminderReach {
  reminderAhead(customerId: bigint): Promise<boolean>;
}

/**
 * True when the reminder schedule will still write to the customer about one of their invoices: an invoice the tick
 * still reads (in `candidateWindow`, owing money: the candidate query) whose policy (`choosePolicy`) has an overdue
 * step not yet claimed. An invoice due before the window (about 50 days late with the default policies) gets no
 * more reminders, so late-payment charges claimed on it reach the customer only in a statement email.
 */
export async function reminderAhead(store: ReminderReachStore, settings: ReminderReachSettings, customerId: bigint, now: Date): Promise<boolean> {
  const policies = await store.loadPolicies();
  if (policies.size === 0) return false;
  const w = candidateWindow(policies.values(), now, settings.maxLateDays, settings.minGapDays);
  const candidates = await store.customerCandidates(customerId, { now, today: w.today, from: w.from, to: w.to });
  return candidates.some((c) => {
    if (c.remaining_minor <= 0n) return false;
    const policy = policies.get(choosePolicy({ segment: c.segment, strategic: c.strategic, currency: c.currency, amountMinor: c.amount_minor }, settings.thresholds));
    return policy !== undefined && hasOverdueStepAhead(policy.steps, new Set(c.claimed_keys));
  });
}

/** The reach of a process: its store and settings, asked at the wiring's clock. */
export function reminderReach(store: ReminderReachStore, settings: ReminderReachSettings, now: () => Date): ReminderReach {
  return { reminderAhead: (customerId) => reminderAhead(store, settings, customerId, now()) };
}
