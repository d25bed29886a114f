import { describe, expect, it } from 'vitest';
import { buildHomeView, homeApprovalsMax, type HomeQueue, type OverdueAccount } from '../../../blocks/slack/home-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { approval, dispute, hostileName, invoice } from './fixtures.js';
import { actionIdsOf, blockKitViolations, parsedText, visibleText } from './limits.js';

const account = (k: number, over: Partial<OverdueAccount> = {}): OverdueAccount => ({
  customerName: `Customer ${k}`, customerExternalId: `C-${k}`, segment: 'standard', strategic: false,
  overdue: ['€1,000.00', '$20.00'], overdueInvoices: 2, oldestDaysOverdue: k, ...over,
});

const queue = (n: number): HomeQueue => ({
  disputes: Array.from({ length: n }, (_, k) => dispute({ disputeId: String(k + 1), ageHours: (k * 7) % 100, priority: (k * 7) % 100 >= 48 ? 1 : 2,
    invoice: invoice({ number: `INV-${k}`, customerName: `Customer ${k}` }) })),
  approvals: Array.from({ length: n }, (_, k) => approval({ emailId: String(6000 + k), customerName: `Customer ${k}` })),
  overdueAccounts: Array.from({ length: n }, (_, k) => account(k)),
  repliesWaiting: { total: 0, replies: [] },
  asOf: '2026-03-09T10:00:00Z',
});

describe('buildHomeView', () => {
  it.each([0, 1, 5, 200])('is a home view within every limit with %i items in each list', (n) => {
    const view = buildHomeView(queue(n));
    expect(view.type).toBe('home');
    expect(blockKitViolations(view, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('shows the three lists in order: approvals, disputes, accounts', () => {
    const text = visibleText(buildHomeView(queue(2)));
    const at = (s: string) => text.indexOf(s);
    expect(at('*Approvals waiting for me (2)*')).toBeGreaterThan(-1);
    expect(at('*My disputes, oldest first (2)*')).toBeGreaterThan(at('*Approvals waiting for me'));
    expect(at('*My overdue accounts (2)*')).toBeGreaterThan(at('*My disputes'));
  });

  it('puts Approve / Refuse / personal buttons on each pending approval, up to the cap, and counts the rest', () => {
    const view = buildHomeView(queue(14));
    expect(actionIdsOf(view)).toEqual(Array.from({ length: homeApprovalsMax }, () => [actionIds.approveEscalation, actionIds.refuseEscalation, actionIds.handlePersonally]).flat());
    expect(visibleText(view)).toContain('…and 4 more approvals waiting.');
  });

  it('orders my disputes by age, oldest first, and flags priority 1', () => {
    const text = visibleText(buildHomeView({ ...queue(0), disputes: [
      dispute({ ageHours: 3, invoice: invoice({ number: 'NEW' }) }),
      dispute({ ageHours: 80, priority: 1, invoice: invoice({ number: 'OLD' }) }),
      dispute({ ageHours: 30, invoice: invoice({ number: 'MID' }) }),
    ] }));
    const lines = text.split('\n').filter((l) => l.startsWith('• ') && /OLD|MID|NEW/.test(l));
    expect(lines.map((l) => /OLD|MID|NEW/.exec(l)![0])).toEqual(['OLD', 'MID', 'NEW']);
    expect(lines[0]).toMatch(/^• :rotating_light: .* 3 days old/);
  });

  it('orders my overdue accounts by their oldest overdue invoice and keeps currencies apart', () => {
    const text = visibleText(buildHomeView({ ...queue(0), overdueAccounts: [account(5), account(60, { strategic: true, segment: 'top' })] }));
    expect(text).toContain('• *Customer 60* · Top account · strategic · €1,000.00 + $20.00 in 2 invoices · oldest 60 days overdue\n• *Customer 5*');
  });

  it('truncates 200 disputes and accounts with "and N more"', () => {
    const text = visibleText(buildHomeView(queue(200)));
    expect(text).toMatch(/…and 160 more disputes/);
    expect(text).toMatch(/…and 160 more accounts/);
  });

  it('says when a list is empty', () => {
    const text = visibleText(buildHomeView(queue(0)));
    expect(text).toContain('Nothing to decide.');
    expect(text.match(/None\. :tada:/g)).toHaveLength(2);
  });

  it('escapes customer names', () => {
    const view = buildHomeView({ ...queue(1), overdueAccounts: [account(1, { customerName: hostileName })],
      approvals: [approval({ customerName: hostileName })] });
    expect(parsedText(view)).not.toContain('<!channel>');
    expect(parsedText(view)).toContain('&lt;!channel&gt; &amp; ∗bold∗');
    expect(parsedText(view)).not.toContain('<customer>');
  });
});
