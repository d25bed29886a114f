import { describe, expect, it } from 'vitest';
import type { KpiStore } from '../../src/ports/kpi-store.js';
import type { ReportStore } from '../../src/ports/reports.js';
import { reviewForChat } from '../../src/services/chat-commands/review-report.js';
import { teamForChat } from '../../src/services/chat-commands/team-report.js';
import type { ReportDeps } from '../../src/services/reports.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';

// The checks /review and /team make before reading anything: a store that is never asked (it throws when it is).
const untouched = new Proxy({}, { get: () => () => { throw new Error('the store was read'); } });
const deps: ReportDeps = { store: untouched as ReportStore, kpis: untouched as KpiStore, zone: 'Europe/Paris' };

describe('reviewForChat', () => {
  it.each([
    ['the current month', '2026-03', '2026-03 is not over yet: the review covers whole months, the latest is 2026-02'],
    ['a month in the future', '2026-05', '2026-05 is in the future: the review covers whole months, the latest is 2026-02'],
  ])('refuses %s before reading the ledger', async (_, month, message) => {
    expect(await reviewForChat(deps, month, '2026-03-20')).toEqual({ ok: false, code: 'invalid', message });
  });
});

describe('teamForChat', () => {
  it('refuses someone arbot does not know before reading the ledger', async () => {
    const eve: Actor = { ownerId: null, email: null, name: 'eve', team: null, approver: false, platformId: 'slack:U0EVE' };
    expect(await teamForChat(deps, eve, null, '2026-03-20')).toMatchObject({ ok: false, code: 'unknown_user' });
  });
});
