import { describe, expect, it } from 'vitest';
import { decidePortalPromise, latestPromiseDate, parseCustomerAmount, type PromisableInvoice } from '../../src/domain/portal-promise.js';

const today = '2026-03-20';
const open: PromisableInvoice[] = [
  { invoiceId: 1n, currency: 'EUR', dueDate: '2026-02-01', dueMinor: 10_000n },
  { invoiceId: 2n, currency: 'EUR', dueDate: '2026-01-15', dueMinor: 5_000n },
  { invoiceId: 3n, currency: 'USD', dueDate: '2026-03-01', dueMinor: 7_000n },
];
const decide = (chosen: bigint[], date: string, amount = '') => decidePortalPromise({ chosen, open, date, amount }, today, 60);

describe('a promise made on the portal', () => {
  it('promises the whole amount due of each invoice when no amount is given', () => {
    expect(decide([1n, 2n], '2026-04-01')).toEqual({
      ok: true, date: '2026-04-01', currency: 'EUR', parts: [{ invoiceId: 2n, amountMinor: 5_000n }, { invoiceId: 1n, amountMinor: 10_000n }],
    });
  });

  it('covers the oldest invoice first with a partial amount', () => {
    expect(decide([1n, 2n], '2026-04-01', '70,00')).toMatchObject({ ok: true, parts: [{ invoiceId: 2n, amountMinor: 5_000n }, { invoiceId: 1n, amountMinor: 2_000n }] });
    expect(decide([1n, 2n], '2026-04-01', '20')).toMatchObject({ ok: true, parts: [{ invoiceId: 2n, amountMinor: 2_000n }] });
  });

  it.each([
    ['today is the earliest date', [1n], '2026-03-19', '', { code: 'date_too_early', earliest: '2026-03-20' }],
    ['PROMISE_MAX_DAYS is the latest', [1n], '2026-05-20', '', { code: 'date_too_late', latest: '2026-05-19' }],
    ['not a date', [1n], '31/03/2026', '', { code: 'date_invalid' }],
    ['no invoice', [], '2026-04-01', '', { code: 'invoices_required' }],
    ['an invoice not among the open ones (another customer\'s)', [1n, 99n], '2026-04-01', '', { code: 'invoice_not_open' }],
    ['two currencies', [1n, 3n], '2026-04-01', '', { code: 'mixed_currencies' }],
    ['more than is due', [1n], '2026-04-01', '100.01', { code: 'amount_too_high', maxMinor: 10_000n, currency: 'EUR' }],
    ['a zero amount', [1n], '2026-04-01', '0', { code: 'amount_invalid' }],
    ['a negative amount', [1n], '2026-04-01', '-5', { code: 'amount_invalid' }],
    ['too many decimals', [1n], '2026-04-01', '1.234', { code: 'amount_invalid' }],
  ])('refuses: %s', (_what, chosen, date, amount, refusal) => {
    expect(decide(chosen as bigint[], date as string, amount as string)).toEqual({ ok: false, refusal });
  });

  it.each([
    ['in an active payment plan', { inPlan: true }],
    ['in a payment plan requested and not yet decided', { planRequested: true }],
  ])('refuses an invoice %s, even beside a promisable one', (_what, state) => {
    const withPlan = [...open, { invoiceId: 4n, currency: 'EUR', dueDate: '2026-02-10', dueMinor: 4_000n, ...state }];
    expect(decidePortalPromise({ chosen: [1n, 4n], open: withPlan, date: '2026-04-01', amount: '' }, today, 60))
      .toEqual({ ok: false, refusal: { code: 'invoice_in_plan', invoiceId: 4n } });
  });

  it('accepts the bounds themselves', () => {
    expect(decide([1n], today).ok).toBe(true);
    expect(decide([1n], latestPromiseDate(today, 60)).ok).toBe(true);
    expect(decide([1n], '2026-04-01', '100').ok).toBe(true);
  });

  it.each([['1 234,50', 123_450n], ['1234.5', 123_450n], ['1\u202f234', 123_400n]])('reads %j', (text, minor) => {
    expect(parseCustomerAmount(text, 'EUR')).toEqual({ ok: true, minor });
  });
});
