import { describe, expect, it } from 'vitest';
import { alertKinds, alertPriority } from '../../src/domain/alerts.js';

describe('alertPriority', () => {
  it.each([
    ['dispute_opened', 1], ['dispute_sla_breached', 1], ['email_bounced', 1], ['email_failed', 1], ['email_in_doubt', 1],
    ['approval_requested', 1], ['approval_reminder', 1], ['fee_claim_approval', 1],
    ['promise_broken', 2], ['invoice_overdue', 2], ['delivery_blocker', 2], ['invoice_incomplete', 2],
    ['import_run_review', 3], ['payment_unmatched', 3], ['weekly_digest', 3], ['monthly_review', 3],
  ] as const)('posts %s in tier %i', (kind, tier) => {
    expect(alertPriority(kind)).toBe(tier);
  });

  it('gives every kind a tier, so a new kind cannot slip in without one', () => {
    for (const kind of alertKinds) expect([1, 2, 3]).toContain(alertPriority(kind));
  });
});
