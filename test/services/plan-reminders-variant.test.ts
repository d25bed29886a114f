import { describe, expect, it } from 'vitest';
import { parsePolicy, type CadencePolicy } from '../../src/domain/cadence/policy.js';
import { assignVariant } from '../../src/domain/cadence/variant-assignment.js';
import type { CadenceCandidate } from '../../src/ports/cadence-store.js';
import { createReminderPlanner } from '../../src/services/plan-reminders.js';

// The standard policy with a 50% variant on the D+10 escalation: the experiment is the escalation's own email.
const parsed = parsePolicy({
  name: 'standard',
  steps: [
    { key: 'upcoming', offset_days: -7, template: 'upcoming' },
    { key: 'overdue', offset_days: 3, template: 'overdue' },
    { key: 'escalation', offset_days: 10, template: 'escalation', cc_escalation: true, variant: { template: 'escalation_calm', share_percent: 50 } },
  ],
});
if (!parsed.ok) throw new Error(parsed.error);
const policies = new Map<string, CadencePolicy>([['standard', parsed.policy]]);

function candidate(id: string, sentKeys: string[]): CadenceCandidate {
  return {
    invoice_id: BigInt(id.replace(/\D/g, '')), number: `INV-${id}`, due_date: '2026-03-02', currency: 'EUR', amount_minor: 10_000n,
    remaining_minor: 10_000n, client_reference: null, pay_url: null, customer_id: BigInt(id.replace(/\D/g, '')), customer_external_id: id,
    customer_name: id, segment: 'standard', strategic: false, timezone: 'Europe/Paris', country: null, escalation_email: `cfo@${id}.example`,
    sales_owner_email: null, open_dispute: false, credit_note_announced: false, promised_date: null, on_hold: false,
    deliverable_emails: [`ap@${id}.example`], claimed_keys: ['upcoming', 'overdue'], sent_keys: sentKeys,
    last_email_at: new Date('2026-03-05T08:00:00Z'),
  };
}

const plan = (candidates: CadenceCandidate[]) => createReminderPlanner({
  now: new Date('2026-03-12T08:30:00Z'), policies, thresholds: new Map(), holidays: new Map(), sendHour: 9, maxLateDays: 5,
  promiseGraceDays: 3, cohort: { kind: 'all' },
}).plan(candidates).emails;

describe('planning a step with a variant', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `K${i + 1}`);

  it('writes the variant for the customers of the variant arm, the step template for the others, with the arm', () => {
    const emails = plan(ids.map((id) => candidate(id, ['upcoming', 'overdue'])));
    expect(emails.map((e) => [e.customerExternalId, e.template, e.arm])).toEqual(ids.map((id) => {
      const arm = assignVariant('standard', 'escalation', id, 50);
      return [id, arm === 'variant' ? 'escalation_calm' : 'escalation', arm];
    }));
    expect(new Set(emails.map((e) => e.arm))).toEqual(new Set(['control', 'variant']));
  });

  it('keeps an escalation written as a plain overdue reminder (no overdue reminder went out) out of the experiment', () => {
    const emails = plan(ids.map((id) => candidate(id, ['upcoming'])));
    expect(emails.map((e) => [e.template, e.arm, e.cc])).toEqual(ids.map(() => ['overdue', undefined, []]));
  });
});
