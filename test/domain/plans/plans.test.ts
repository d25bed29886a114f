import { describe, expect, it } from 'vitest';
import { defaultPlanPolicy, needsFinanceApprover, parsePlanPolicy, planPolicyJson, type PlanPolicy } from '../../../src/domain/plans/plan-policy.js';
import { dueInstalmentReminders, instalmentProgress, planState, subtractBusinessDays } from '../../../src/domain/plans/plan-progress.js';
import { addMonthsToDate, splitEvenly, type Instalment } from '../../../src/domain/plans/plan-schedule.js';
import { validatePlan, type PlanInvoice } from '../../../src/domain/plans/validate-plan.js';

const inv = (id: number, remaining: bigint, extra: Partial<PlanInvoice> = {}): PlanInvoice => ({
  invoiceId: BigInt(id), number: `INV-${id}`, customerId: 1n, currency: 'EUR', remainingMinor: remaining, ...extra,
});
const policy: PlanPolicy = { ...defaultPlanPolicy, minInstalmentMinor: { EUR: 10000n }, approvalAboveMinor: { EUR: 1000000n } };
const plan = (...rows: [string, bigint][]): Instalment[] => rows.map(([dueDate, amountMinor]) => ({ dueDate, amountMinor }));

describe('splitEvenly', () => {
  it('puts the remainder on the last instalment, every N days', () => {
    expect(splitEvenly(100000n, 3, '2026-04-01', { everyDays: 30 })).toEqual(plan(['2026-04-01', 33333n], ['2026-05-01', 33333n], ['2026-05-31', 33334n]));
  });
  it('falls on the same day each month, or the last day of a shorter month', () => {
    expect(splitEvenly(90000n, 3, '2026-01-31', { monthly: true }).map((i) => i.dueDate)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31']);
  });
  it.each([['2026-01-31', 1, '2026-02-28'], ['2024-01-31', 1, '2024-02-29'], ['2026-11-15', 3, '2027-02-15']])('addMonthsToDate(%s, %i) = %s', (d, n, e) => {
    expect(addMonthsToDate(d, n)).toBe(e);
  });
});

describe('validatePlan', () => {
  const today = '2026-03-20';
  it('accepts three instalments that add up to what two invoices owe', () => {
    const r = validatePlan([inv(1, 60000n), inv(2, 40000n)], plan(['2026-04-01', 30000n], ['2026-05-01', 30000n], ['2026-06-01', 40000n]), today, policy);
    expect(r).toEqual({ ok: true, totalMinor: 100000n, currency: 'EUR', customerId: 1n });
  });
  it.each([
    ['a sum below what is owed', [inv(1, 100000n)], plan(['2026-04-01', 50000n], ['2026-05-01', 40000n]), 'sum_mismatch', 'the instalments add up to 900.00 EUR but 1000.00 EUR is owed'],
    ['a sum above what is owed', [inv(1, 100000n)], plan(['2026-04-01', 60000n], ['2026-05-01', 50000n]), 'sum_mismatch', 'the instalments add up to 1100.00 EUR but 1000.00 EUR is owed'],
    ['seven instalments', [inv(1, 700000n)], Array.from({ length: 7 }, (_, k) => ({ dueDate: `2026-04-0${k + 1}`, amountMinor: 100000n })), 'too_many_instalments', '7 instalments is more than the maximum of 6'],
    ['a last date beyond six months', [inv(1, 100000n)], plan(['2026-04-01', 50000n], ['2026-09-21', 50000n]), 'too_long', 'the last instalment (2026-09-21) is more than the maximum of 6 months away (2026-09-20 at the latest)'],
    ['an instalment below the minimum', [inv(1, 100000n)], plan(['2026-04-01', 95000n], ['2026-05-01', 5000n]), 'instalment_too_small', 'instalment 2 (50.00 EUR) is below the minimum instalment of 100.00 EUR'],
    ['dates not increasing', [inv(1, 100000n)], plan(['2026-05-01', 50000n], ['2026-05-01', 50000n]), 'dates_not_increasing', 'instalment 2 (2026-05-01) must fall after instalment 1 (2026-05-01)'],
    ['a first date today', [inv(1, 100000n)], plan([today, 100000n]), 'date_not_after_today', 'the first instalment must fall after today (2026-03-20)'],
    ['two currencies', [inv(1, 100000n), inv(2, 100n, { currency: 'USD' })], plan(['2026-04-01', 100100n]), 'mixed_currencies', 'a plan covers invoices of one currency only'],
    ['two customers', [inv(1, 100000n), inv(2, 100n, { customerId: 2n })], plan(['2026-04-01', 100100n]), 'mixed_customers', 'a plan covers invoices of one customer only'],
    ['a paid invoice', [inv(1, 0n)], plan(['2026-04-01', 100n]), 'not_owed', 'invoice INV-1 owes nothing'],
    ['no invoice', [], plan(['2026-04-01', 100n]), 'no_invoices', 'choose at least one invoice'],
  ])('refuses %s, stating why', (_n, invoices, instalments, code, message) => {
    expect(validatePlan(invoices, instalments, today, policy)).toMatchObject({ ok: false, code, message });
  });
  it('accepts the last day of the sixth month exactly', () => {
    expect(validatePlan([inv(1, 100000n)], plan(['2026-09-20', 100000n]), today, policy).ok).toBe(true);
  });
});

describe('needsFinanceApprover', () => {
  it.each([[1000000n, 'EUR', false], [1000001n, 'EUR', true], [100n, 'USD', true]])('%s %s → %s', (total, cur, e) => {
    expect(needsFinanceApprover(total, cur, policy)).toBe(e);
  });
});

describe('instalmentProgress and planState', () => {
  const three = plan(['2026-04-01', 30000n], ['2026-05-01', 30000n], ['2026-06-01', 40000n]);
  it('ticks instalments off in date order; an overpayment rolls to the next', () => {
    expect(instalmentProgress(three, 45000n).map((i) => [i.paidMinor, i.remainingMinor])).toEqual([[30000n, 0n], [15000n, 15000n], [0n, 40000n]]);
  });
  it('a payment larger than the next instalment settles the following ones', () => {
    expect(instalmentProgress(three, 60000n).map((i) => i.remainingMinor)).toEqual([0n, 0n, 40000n]);
  });
  it.each([
    ['active before the first date', 0n, '2026-03-30', 'active'],
    ['active within the grace days', 0n, '2026-04-06', 'active'],
    ['broken the day after the grace days', 0n, '2026-04-07', 'broken'],
    ['broken when partly paid after grace', 29999n, '2026-04-07', 'broken'],
    ['active when the first is paid', 30000n, '2026-04-07', 'active'],
    ['completed when everything is paid', 100000n, '2026-04-07', 'completed'],
  ])('%s', (_n, paid, today, e) => {
    expect(planState(three, paid, today, 5)).toBe(e);
  });
});

describe('dueInstalmentReminders', () => {
  const two = plan(['2026-04-01', 50000n], ['2026-05-01', 50000n]);
  const rules = { daysBefore: 3, holidays: new Set<string>() };
  const kinds = (paid: bigint, today: string, sent: string[] = []) =>
    dueInstalmentReminders(two, paid, today, new Set(sent), rules).map((r) => `${r.kind}:${r.instalmentNo}`);
  it('counts business days back', () => {
    expect(subtractBusinessDays('2026-04-01', 3, new Set())).toBe('2026-03-27');
    expect(subtractBusinessDays('2026-04-01', 3, new Set(['2026-03-27']))).toBe('2026-03-26');
  });
  it.each([
    ['nothing four business days before', 0n, '2026-03-26', [], []],
    ['the due reminder three business days before', 0n, '2026-03-27', [], ['instalment_due:1']],
    ['the due reminder caught up on the date', 0n, '2026-04-01', [], ['instalment_due:1']],
    ['once only', 0n, '2026-03-30', ['instalment_due:1'], []],
    ['the missed follow-up the next business day', 0n, '2026-04-02', ['instalment_due:1'], ['instalment_missed:1']],
    ['nothing once the first is paid, until the second approaches', 50000n, '2026-04-02', ['instalment_due:1'], []],
    ['the second instalment after the first is paid', 50000n, '2026-04-28', ['instalment_due:1'], ['instalment_due:2']],
    ['nothing when all is paid', 100000n, '2026-05-20', [], []],
  ])('%s', (_n, paid, today, sent, e) => {
    expect(kinds(paid, today, sent)).toEqual(e);
  });
});

describe('parsePlanPolicy', () => {
  it('reads a file and prints it back exactly', () => {
    const r = parsePlanPolicy({ max_instalments: 4, min_instalment_minor: { EUR: '10000' }, approval_above_minor: { JPY: 5000000 } });
    expect(r.ok && planPolicyJson(r.policy)).toEqual({ max_instalments: 4, max_months: 6, min_instalment_minor: { EUR: '10000' }, approval_above_minor: { JPY: '5000000' } });
  });
  it.each([
    [{ max_instalments: 0 }, 'max_instalments: at least 1'],
    [{ min_instalment_minor: { EUR: 1.5 } }, 'min_instalment_minor.EUR'],
    [{ min_instalment_minor: { EURO: 1 } }, 'min_instalment_minor.EURO'],
    [{ maximum: 3 }, 'policy'],
  ])('refuses %j naming the field', (json, prefix) => {
    const r = parsePlanPolicy(json);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason.startsWith(prefix)).toBe(true);
  });
});
