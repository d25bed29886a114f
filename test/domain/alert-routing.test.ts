import { describe, expect, it } from 'vitest';
import { alertSubject, routeAlert, type RoutingFacts } from '../../src/domain/alert-routing.js';
import { subjectKey } from '../../src/domain/subject.js';

const teams = { sales: 'C-SALES', delivery: 'C-DELIVERY', finance: 'C-FINANCE' };
const facts: RoutingFacts = {
  salesOwner: { ownerId: 1n, channel: 'C-ANA' },
  deliveryOwner: { ownerId: 2n, channel: null },
  disputeOwner: { ownerId: 3n, channel: 'C-BEN' },
};

describe('routeAlert', () => {
  it.each([
    ['invoice_overdue', [{ channel: 'C-ANA', mention: 1n }]],
    ['invoice_incomplete', [{ channel: 'C-ANA', mention: 1n }]],
    ['email_bounced', [{ channel: 'C-ANA', mention: 1n }]],
    ['approval_requested', [{ channel: 'C-ANA', mention: 1n }]],
    ['delivery_blocker', [{ channel: 'C-DELIVERY', mention: 2n }]],
    ['dispute_opened', [{ channel: 'C-ANA', mention: 1n }, { channel: 'C-DELIVERY', mention: 2n }]],
    ['dispute_sla_breached', [{ channel: 'C-BEN', mention: 3n }, { channel: 'C-FINANCE', mention: null }]],
    ['payment_unmatched', [{ channel: 'C-FINANCE', mention: null }]],
    ['import_run_review', [{ channel: 'C-FINANCE', mention: null }]],
    ['weekly_digest', [{ channel: 'C-FINANCE', mention: null }]],
    ['monthly_review', [{ channel: 'C-FINANCE', mention: null }]],
    ['approval_reminder', [{ channel: 'C-ANA', mention: 1n }]],
    // Only a finance approver decides a claim of late-payment charges on a top or strategic account.
    ['fee_claim_approval', [{ channel: 'C-FINANCE', mention: null }]],
  ] as const)('sends %s to the right people', (kind, expected) => {
    expect(routeAlert(kind, facts, teams)).toEqual(expected);
  });

  it('falls back to the team channel for an owner without one, and to nothing without either', () => {
    expect(routeAlert('invoice_overdue', { ...facts, salesOwner: { ownerId: 1n, channel: null } }, teams)).toEqual([{ channel: 'C-SALES', mention: 1n }]);
    expect(routeAlert('invoice_overdue', { ...facts, salesOwner: null }, { ...teams, sales: null })).toEqual([]);
  });

  it('leaves an owner routed on another platform out here, team channel included; finance still hears of a breach', () => {
    const onTeams = { ...facts, salesOwner: { ownerId: 1n, channel: null, elsewhere: true }, disputeOwner: null };
    expect(routeAlert('invoice_overdue', onTeams, teams)).toEqual([]);
    expect(routeAlert('dispute_opened', onTeams, teams)).toEqual([{ channel: 'C-DELIVERY', mention: 2n }]);
    expect(routeAlert('dispute_sla_breached', onTeams, teams)).toEqual([{ channel: 'C-FINANCE', mention: null }]);
  });

  it('posts once per channel when both owners share one', () => {
    const shared = { ...facts, salesOwner: { ownerId: 1n, channel: 'C-X' }, deliveryOwner: { ownerId: 2n, channel: 'C-X' } };
    expect(routeAlert('dispute_opened', shared, teams)).toEqual([{ channel: 'C-X', mention: 1n }]);
  });
});

describe('alertSubject', () => {
  const ids = { alertId: 9n, invoiceId: 5n, disputeId: 7n, emailId: 3n };
  it.each([
    ['dispute_opened', 'dispute:7'], ['dispute_sla_breached', 'dispute:7'], ['invoice_overdue', 'invoice:5'],
    ['delivery_blocker', 'delivery:5'], ['approval_requested', 'approval:3'], ['payment_unmatched', 'alert:9'],
  ] as const)('keeps %s on %s', (kind, key) => {
    expect(subjectKey(alertSubject(kind, ids))).toBe(key);
  });
});
