import { describe, expect, it } from 'vitest';
import { routeAlert } from '../../../src/domain/alert-routing.js';
import { defaultChangeLimits, describeChange, needsFinanceApproval } from '../../../src/domain/rights/change-limits.js';
import { chatRights, mayAct, type ChatAction, type Parties, type Person } from '../../../src/domain/rights/chat-rights.js';
import { mayLookUpCustomers } from '../../../src/domain/rights/customer-lookup.js';

const acme: Parties = {
  customerName: 'Acme', salesOwner: { id: 1n, name: 'Ana Martin' }, deliveryOwner: { id: 2n, name: 'Chloé Durand' }, disputeOwner: { id: 4n, name: 'Olga' },
};
const people: Record<string, Person> = {
  salesOwner: { ownerId: 1n, team: 'sales', approver: false },
  deliveryOwner: { ownerId: 2n, team: 'delivery', approver: false },
  otherSales: { ownerId: 3n, team: 'sales', approver: false },
  otherDeliveryDisputeOwner: { ownerId: 4n, team: 'delivery', approver: false },
  otherDelivery: { ownerId: 5n, team: 'delivery', approver: false },
  finance: { ownerId: 6n, team: 'finance', approver: false },
  financeApprover: { ownerId: 7n, team: 'finance', approver: true },
  salesApprover: { ownerId: 8n, team: 'sales', approver: true },
  unknown: { ownerId: null, team: null, approver: false },
};
const who = Object.keys(people);
// One row per action, one column per person above (in that order).
const expected: Record<ChatAction, string> = {
  //                   sO dO oS oDd oD f  fA sA u
  log_promise:        'y  y  n  n   n  y  y  n  n',
  pause_reminders:    'y  y  n  n   n  y  y  n  n',
  open_dispute:       'y  y  n  n   n  y  y  n  n',
  note_invoice:       'y  y  n  n   n  y  y  n  n',
  note_dispute:       'y  y  n  y   n  y  y  n  n',
  claim_dispute:      'y  y  n  y   y  y  y  n  n',
  set_dispute_status: 'n  n  n  y   n  n  y  n  n',
  decide_approval:    'y  n  n  n   n  n  y  n  n',
  decide_change:      'n  n  n  n   n  n  y  n  n',
  answer_reply:       'y  y  n  n   n  y  y  n  n',
  resume_reminders:   'y  y  n  n   n  y  y  n  n',
  close_reply:        'y  y  n  n   n  y  y  n  n',
  claim_fees:         'y  n  n  n   n  y  y  n  n',
  waive_fees:         'y  n  n  n   n  y  y  n  n',
  approve_fees:       'n  n  n  n   n  n  y  n  n',
  set_credit_hold:    'y  n  n  n   n  y  y  n  n',
  release_credit_hold: 'n  n  n  n   n  n  y  n  n',
  set_credit_limit:   'n  n  n  n   n  n  y  n  n',
  offer_plan:         'y  y  n  n   n  y  y  n  n',
  decide_plan:        'y  n  n  n   n  n  y  n  n',
  send_statement:     'y  n  n  n   n  y  y  n  n',
  revoke_portal_links: 'y n  n  n   n  y  y  n  n',
  resolve_fee_doubt:  'y  n  n  n   n  y  y  n  n',
};
const cases = Object.entries(expected).flatMap(([action, row]) =>
  row.split(/\s+/).map((c, i) => [action as ChatAction, who[i]!, c === 'y'] as const));

describe('who may do what (the policy)', () => {
  it('has a row for every action', () => expect(Object.keys(expected).sort()).toEqual(Object.keys(chatRights).sort()));

  it.each(cases)('%s by %s: %s', (action, person, allowed) => {
    expect(mayAct(action, people[person]!, acme).allowed).toBe(allowed);
  });

  it.each([
    ['log_promise', "only Acme's sales owner (Ana Martin), delivery owner (Chloé Durand) or finance can log a promise"],
    ['claim_dispute', "only Acme's sales owner (Ana Martin), delivery owner (Chloé Durand), the delivery team or finance can claim this dispute"],
    ['set_dispute_status', "only this dispute's owner (Olga) or a finance approver can change this dispute"],
    ['decide_approval', "only Acme's account manager (Ana Martin) or a finance approver can decide this"],
    ['decide_change', 'only a finance approver can decide this'],
    // The fee_claim_approval card's Approve / Refuse and /ar's "Set credit limit" ask these rules (fee-actions.ts, credit-actions.ts).
    ['approve_fees', 'only a finance approver can approve or refuse this claim'],
    ['set_credit_limit', "only a finance approver can change this customer's credit limit"],
    ['resolve_fee_doubt', "only Acme's sales owner (Ana Martin) or finance can say whether the customer was told of late-payment charges"],
  ] as const)('says who can %s', (action, message) => {
    expect(mayAct(action, people.otherSales!, acme)).toEqual({ allowed: false, message });
  });

  it('names a missing owner and a dispute nobody claimed', () => {
    const bare: Parties = { customerName: 'Acme', salesOwner: null, deliveryOwner: null, disputeOwner: null };
    expect(mayAct('pause_reminders', people.otherSales!, bare)).toEqual({
      allowed: false, message: "only Acme's sales owner (none set), delivery owner (none set) or finance can pause reminders",
    });
    expect(mayAct('set_dispute_status', people.salesOwner!, bare)).toMatchObject({ message: expect.stringContaining('nobody yet: claim it first') });
  });
});

describe('what needs a finance approver', () => {
  it.each([
    [{ kind: 'pause', until: null }, 'a pause with no end date'],
    [{ kind: 'pause', until: '2026-04-19' }, null],
    [{ kind: 'pause', until: '2026-04-20' }, 'a pause of 31 days (more than 30)'],
    [{ kind: 'promise', date: '2026-05-19' }, null],
    [{ kind: 'promise', date: '2026-05-20' }, 'a promise 61 days away (more than 60)'],
    [{ kind: 'promise', date: '2099-12-31' }, 'a promise 26949 days away (more than 60)'],
  ] as const)('%j from 2026-03-20: %s', (change, why) => {
    expect(needsFinanceApproval(change, '2026-03-20', defaultChangeLimits)).toBe(why);
  });

  it('follows the configured limits', () => {
    expect(needsFinanceApproval({ kind: 'pause', until: '2026-03-25' }, '2026-03-20', { pauseMaxDays: 4, promiseMaxDays: 60 })).toBe('a pause of 5 days (more than 4)');
  });

  it('describes a change in words', () => {
    expect(describeChange({ kind: 'promise', date: '2099-12-31', amountMinor: 1n }, 'EUR')).toBe('log a promise to pay of 0.01 EUR on 2099-12-31');
    expect(describeChange({ kind: 'pause', until: '2026-05-01' }, 'EUR')).toBe('pause reminders until 2026-05-01');
  });

  it('sends the approval card to finance, else to the sales channel', () => {
    const facts = { salesOwner: { ownerId: 1n, channel: 'C0ANA' }, deliveryOwner: null, disputeOwner: null };
    expect(routeAlert('change_requested', facts, { sales: 'C0SALES', delivery: null, finance: 'C0FIN' })).toEqual([{ channel: 'C0FIN', mention: null }]);
    expect(routeAlert('change_requested', facts, { sales: 'C0SALES', delivery: null, finance: null })).toEqual([{ channel: 'C0ANA', mention: 1n }]);
  });
});

describe('customer lookups (/ar)', () => {
  it.each([
    ['known', 'salesOwner', true], ['known', 'unknown', false], ['anyone', 'unknown', true],
  ] as const)('AR_LOOKUP=%s, %s: %s', (setting, person, allowed) => {
    expect(mayLookUpCustomers(people[person]!, setting)).toBe(allowed);
  });
});
