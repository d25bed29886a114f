import { describe, expect, it } from 'vitest';
import { onOrNextBusinessDay } from '../../../src/domain/cadence/business-days.js';
import { dueReminderStep, localInstant } from '../../../src/domain/cadence/due-reminder-step.js';
import { parsePolicy, type CadenceStep } from '../../../src/domain/cadence/policy.js';

const standard: CadenceStep[] = [
  { key: 'upcoming', offsetDays: -7, template: 'upcoming', ccEscalation: false, requiresApproval: false },
  { key: 'overdue', offsetDays: 3, template: 'overdue', ccEscalation: false, requiresApproval: false },
  { key: 'escalation', offsetDays: 10, template: 'escalation', ccEscalation: true, requiresApproval: false },
  { key: 'final_notice', offsetDays: 20, template: 'final_notice', ccEscalation: true, requiresApproval: false },
];

function due(dueDate: string, now: string, zone: string, claimed: string[] = [], holidays: string[] = []) {
  const r = dueReminderStep({
    dueDate, steps: standard, claimedKeys: new Set(claimed), now: new Date(now), zone, sendHour: 9, maxLateDays: 5,
    holidays: new Set(holidays),
  });
  return r && { key: r.step.key, sendDay: r.sendDay, sendAt: r.sendAt.toISOString() };
}

describe('dueReminderStep', () => {
  it.each([
    ['waits for 09:00 in Paris on the D-7 day', '2026-03-10', '2026-03-03T07:59:00Z', 'Europe/Paris', null],
    ['sends D-7 at 09:00 in Paris', '2026-03-10', '2026-03-03T08:00:00Z', 'Europe/Paris', { key: 'upcoming', sendDay: '2026-03-03', sendAt: '2026-03-03T08:00:00.000Z' }],
    ['sends D-7 at 09:00 in Tokyo, the evening before in UTC', '2026-03-10', '2026-03-03T00:00:00Z', 'Asia/Tokyo', { key: 'upcoming', sendDay: '2026-03-03', sendAt: '2026-03-03T00:00:00.000Z' }],
    ['has nothing for Tokyo a minute earlier', '2026-03-10', '2026-03-02T23:59:00Z', 'Asia/Tokyo', null],
    ['waits for 09:00 in Los Angeles though it is long past 09:00 UTC', '2026-03-17', '2026-03-10T15:59:00Z', 'America/Los_Angeles', null],
    ['sends D-7 at 09:00 in Los Angeles (PDT)', '2026-03-17', '2026-03-10T16:00:00Z', 'America/Los_Angeles', { key: 'upcoming', sendDay: '2026-03-10', sendAt: '2026-03-10T16:00:00.000Z' }],
  ])('%s', (_name, dueDate, now, zone, expected) => {
    expect(due(dueDate, now, zone)).toEqual(expected);
  });

  it('moves a Saturday step to Monday', () => {
    // Due Wednesday 4 March; D+3 is Saturday 7 March.
    expect(due('2026-03-04', '2026-03-07T12:00:00Z', 'Europe/Paris', ['upcoming'])).toBeNull();
    expect(due('2026-03-04', '2026-03-09T08:00:00Z', 'Europe/Paris', ['upcoming'])).toEqual({
      key: 'overdue', sendDay: '2026-03-09', sendAt: '2026-03-09T08:00:00.000Z',
    });
  });

  it('moves a step off a company holiday to the next business day', () => {
    // Due Friday 1 May 2026 (holiday): D+3 is Monday 4 May, itself a holiday here → Tuesday 5 May.
    expect(due('2026-05-01', '2026-05-04T10:00:00Z', 'Europe/Paris', ['upcoming'], ['2026-05-04'])).toBeNull();
    expect(due('2026-05-01', '2026-05-05T07:00:00Z', 'Europe/Paris', ['upcoming'], ['2026-05-04'])).toMatchObject({ key: 'overdue', sendDay: '2026-05-05' });
  });

  it.each([
    ['New York, the Monday after clocks go forward (EDT, UTC-4)', '2026-03-06', 'America/New_York', '2026-03-09T13:00:00.000Z'],
    ['Paris, the Monday after clocks go forward (CEST, UTC+2)', '2026-03-27', 'Europe/Paris', '2026-03-30T07:00:00.000Z'],
    ['Paris, the Monday after clocks go back (CET, UTC+1)', '2026-10-23', 'Europe/Paris', '2026-10-26T08:00:00.000Z'],
  ])('keeps 09:00 local across a DST change: %s', (_name, dueDate, zone, sendAt) => {
    const at = new Date(sendAt);
    expect(due(dueDate, new Date(at.getTime() - 60_000).toISOString(), zone, ['upcoming'])).toBeNull();
    expect(due(dueDate, sendAt, zone, ['upcoming'])).toMatchObject({ key: 'overdue', sendAt });
  });

  it('never sends on a weekend or holiday, not even a catch-up', () => {
    // Due Tuesday 3 March: D+3 is Friday 6 March; the server was down until Saturday.
    expect(due('2026-03-03', '2026-03-07T10:00:00Z', 'Europe/Paris', ['upcoming'])).toBeNull();
    expect(due('2026-03-03', '2026-03-09T08:00:00Z', 'Europe/Paris', ['upcoming'])).toMatchObject({ key: 'overdue', sendDay: '2026-03-06' });
    expect(due('2026-03-03', '2026-03-09T08:00:00Z', 'Europe/Paris', ['upcoming'], ['2026-03-09'])).toBeNull();
  });

  it('starts a late invoice with the first overdue reminder, never an escalation, and then goes one step at a time', () => {
    // Due Sunday 1 March, nothing sent; on Thursday 12 March D-7, D+3 and D+10 have all come.
    expect(due('2026-03-01', '2026-03-12T10:00:00Z', 'Europe/Paris')).toMatchObject({ key: 'overdue', sendDay: '2026-03-04' });
    // Imported 40 days late: still the first overdue reminder, written as such, with no cc.
    const first = dueReminderStep({
      dueDate: '2026-02-02', steps: standard, claimedKeys: new Set(), now: new Date('2026-03-13T10:00:00Z'), zone: 'Europe/Paris',
      sendHour: 9, maxLateDays: 5, holidays: new Set(),
    });
    expect(first).toMatchObject({ step: { key: 'overdue' }, template: 'overdue', ccEscalation: false, firstContact: true });
  });

  it.each([
    // [what was claimed, what actually went out, the step, its template, cc]
    [['overdue'], ['overdue'], 'escalation', 'escalation', true],
    [['overdue'], [], 'escalation', 'overdue', false], // the overdue email failed or bounced: nothing to "despite"
    [['upcoming'], ['upcoming'], 'overdue', 'overdue', false],
    [['overdue', 'escalation'], ['escalation'], 'final_notice', 'final_notice', true],
  ])('writes only what the customer was told (claimed %j, sent %j)', (claimed, sent, key, template, cc) => {
    const r = dueReminderStep({
      dueDate: '2026-02-02', steps: standard, claimedKeys: new Set(claimed), sentKeys: new Set(sent),
      now: new Date('2026-03-13T10:00:00Z'), zone: 'Europe/Paris', sendHour: 9, maxLateDays: 5, holidays: new Set(),
    });
    expect(r).toMatchObject({ step: { key }, template, ccEscalation: cc });
  });

  it('waits the minimum gap in business days after the previous email to the customer', () => {
    const at = (now: string, lastEmailAt: string) => dueReminderStep({
      dueDate: '2026-02-02', steps: standard, claimedKeys: new Set(['overdue']), sentKeys: new Set(['overdue']),
      lastEmailAt: new Date(lastEmailAt), now: new Date(now), zone: 'Europe/Paris', sendHour: 9, minGapDays: 5, maxLateDays: 5, holidays: new Set(),
    })?.step.key ?? null;
    // Last email Monday 9 March: five business days later is Monday 16 March.
    expect(at('2026-03-13T10:00:00Z', '2026-03-09T08:00:00Z')).toBeNull();
    expect(at('2026-03-16T08:00:00Z', '2026-03-09T08:00:00Z')).toBe('escalation');
  });

  it.each([
    ['at 08:59, before the send hour', '2026-03-12T07:59:00Z', null],
    ['at 16:59', '2026-03-12T15:59:00Z', 'overdue'],
    ['at 17:00, after business hours, even for a catch-up', '2026-03-12T16:00:00Z', null],
    ['at 00:53 at night', '2026-03-11T23:53:00Z', null],
  ])("sends catch-ups within the customer's business hours only: %s", (_name, now, expected) => {
    expect(due('2026-03-01', now, 'Europe/Paris')?.key ?? null).toBe(expected);
  });

  it('drops a pre-due step more than the allowed days late, but sends a late overdue reminder rather than none', () => {
    // Due Thursday 12 March: D-7 is Thursday 5 March.
    expect(due('2026-03-12', '2026-03-11T10:00:00Z', 'Europe/Paris')).toBeNull(); // 6 days late
    expect(due('2026-03-12', '2026-03-10T10:00:00Z', 'Europe/Paris')).toMatchObject({ key: 'upcoming' }); // 5 days: still sent
    expect(due('2026-03-01', '2026-03-10T10:00:00Z', 'Europe/Paris', ['upcoming'])).toMatchObject({ key: 'overdue' }); // D+3 6 days late
  });

  it.each([
    [['upcoming', 'overdue', 'escalation'], 'final_notice'],
    [['escalation'], 'final_notice'],
    [['final_notice'], null],
  ])('never sends a step twice or goes backwards (claimed %j)', (claimed, expected) => {
    const r = due('2026-03-03', '2026-03-23T10:00:00Z', 'Europe/Paris', claimed);
    expect(r?.key ?? null).toBe(expected);
  });

  it('has nothing to send before the first step', () => {
    expect(due('2026-04-30', '2026-03-10T10:00:00Z', 'Europe/Paris')).toBeNull();
  });
});

describe('business days and local instants', () => {
  it.each([
    ['2026-03-06', '2026-03-06'], ['2026-03-07', '2026-03-09'], ['2026-03-08', '2026-03-09'],
  ])('%s → %s', (d, expected) => {
    expect(onOrNextBusinessDay(d, new Set())).toBe(expected);
  });

  it('computes 09:00 local as an instant on a DST day itself', () => {
    expect(localInstant('2026-03-08', 9, 'America/New_York').toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(localInstant('2026-03-07', 9, 'America/New_York').toISOString()).toBe('2026-03-07T14:00:00.000Z');
  });
});

describe('parsePolicy', () => {
  const step = { key: 'a', offset_days: 3, template: 'overdue' };
  it('sorts steps by offset and fills defaults', () => {
    const r = parsePolicy({ name: 'custom', steps: [{ ...step, key: 'late', offset_days: 9 }, step] });
    expect(r).toMatchObject({ ok: true, policy: { name: 'custom', steps: [{ key: 'a', offsetDays: 3, ccEscalation: false }, { key: 'late' }] } });
  });

  it.each([
    [{ name: 'p', steps: [] }, 'p.steps: a policy needs at least one step'],
    [{ name: 'p', steps: [step, step] }, 'p.steps[1].key: step key "a" is used twice'],
    [{ name: 'p', steps: [step, { ...step, key: 'b' }] }, 'p.steps[1].offset_days: two steps on day 3'],
    [{ name: 'p', steps: [{ ...step, offset_days: 400 }] }, 'p.steps[0].offset_days: at most 365'],
    [{ name: 'p', steps: [{ ...step, offset_days: 2.5 }] }, 'p.steps[0].offset_days: a whole number of days'],
    [{ name: 'p', steps: [{ ...step, template: 'angry' }] }, 'p.steps[0].template:'],
    [{ name: 'P!', steps: [step] }, 'P!.name: lower-case letters'],
  ])('refuses a bad policy %j', (input, message) => {
    const r = parsePolicy(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
