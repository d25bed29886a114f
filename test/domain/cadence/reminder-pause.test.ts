import { describe, expect, it } from 'vitest';
import { choosePolicy } from '../../../src/domain/cadence/choose-policy.js';
import { isInCohort, parseCohort } from '../../../src/domain/cadence/cohort.js';
import { isPromiseBroken, pauseReason, type PauseFacts } from '../../../src/domain/cadence/reminder-pause.js';

const open: PauseFacts = { remainingMinor: 100n, openDispute: false, promisedDate: null, onHold: false, contactsBounce: false };

describe('pauseReason', () => {
  it.each([
    ['an open invoice', open, null],
    ['a paid invoice', { ...open, remainingMinor: 0n }, 'settled'],
    ['an invoice whose announced credit note has not arrived', { ...open, creditNoteAnnounced: true }, 'credit_note_announced'],
    ['an over-credited invoice', { ...open, remainingMinor: -5n }, 'settled'],
    ['an open dispute', { ...open, openDispute: true }, 'disputed'],
    ['a hold', { ...open, onHold: true }, 'on_hold'],
    ['a promise for later', { ...open, promisedDate: '2026-03-15' }, 'promised'],
    ['a promise within grace', { ...open, promisedDate: '2026-03-08' }, 'promised'],
    ['a promise past grace (broken: resumes)', { ...open, promisedDate: '2026-03-07' }, null],
    ['bouncing contacts', { ...open, contactsBounce: true }, 'contact_bounces'],
  ] as const)('%s → %s', (_name, facts, expected) => {
    expect(pauseReason(facts, '2026-03-10', 2)).toBe(expected);
  });

  it.each([
    ['2026-03-07', '2026-03-10', 100n, true],
    ['2026-03-08', '2026-03-10', 100n, false],
    ['2026-03-01', '2026-03-10', 0n, false],
  ])('a promise for %s seen on %s with %s owed is broken: %s', (promised, today, remaining, broken) => {
    expect(isPromiseBroken(promised, today, 2, remaining)).toBe(broken);
  });
});

describe('choosePolicy', () => {
  const t = new Map([['EUR', 5_000_000n]]);
  it.each([
    ['at-risk, even strategic', { segment: 'at_risk', strategic: true, currency: 'EUR', amountMinor: 1n }, 'at_risk'],
    ['a top account', { segment: 'top', strategic: false, currency: 'EUR', amountMinor: 1n }, 'top'],
    ['a strategic customer', { segment: 'standard', strategic: true, currency: 'EUR', amountMinor: 1n }, 'top'],
    ['an invoice at the threshold', { segment: 'standard', strategic: false, currency: 'EUR', amountMinor: 5_000_000n }, 'top'],
    ['an invoice just below it', { segment: 'standard', strategic: false, currency: 'EUR', amountMinor: 4_999_999n }, 'standard'],
    ['a currency without threshold', { segment: 'standard', strategic: false, currency: 'USD', amountMinor: 9_000_000n }, 'standard'],
  ] as const)('%s → %s', (_label, subject, expected) => {
    expect(choosePolicy(subject, t)).toBe(expected);
  });
});

describe('cohort', () => {
  it.each([
    ['all', { segment: 'top', externalId: 'C-1' }, true],
    ['none', { segment: 'top', externalId: 'C-1' }, false],
    ['segment:top,at_risk', { segment: 'at_risk', externalId: 'C-1' }, true],
    ['segment:top', { segment: 'standard', externalId: 'C-1' }, false],
    ['customers:C-1,C-2', { segment: 'standard', externalId: 'C-2' }, true],
    ['customers:C-1', { segment: 'standard', externalId: 'C-3' }, false],
  ])('%s includes %j: %s', (text, customer, expected) => {
    expect(isInCohort(parseCohort(text), customer)).toBe(expected);
  });
});
