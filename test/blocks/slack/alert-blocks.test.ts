import { describe, expect, it } from 'vitest';
import { buildAlertMessage, parseActionValue } from '../../../blocks/slack/alert-blocks.js';
import { statusLabels } from '../../../src/domain/disputes/dispute-status.js';
import { type AlertView } from '../../../src/views/alert-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { alertCases, ana, approval, dispute, hostileCases, hostileName, importRun, invoice, manyInvoices } from './fixtures.js';
import { actionIdsOf, allNodes, blockKitViolations, literalRuns, parsedText, textObjects, valuesOf, visibleText } from './limits.js';

const a = actionIds;
const expectedActions: Readonly<Record<string, readonly string[]>> = {
  'invoice_overdue': [a.logPromise, a.pauseReminders, a.openDispute, a.addNote, a.snoozeDay, a.offerPlan],
  'invoice_overdue with a promise and a dispute': [a.logPromise, a.pauseReminders, a.addNote, a.snoozeDay, a.offerPlan],
  'invoice_overdue without an owner': [a.logPromise, a.pauseReminders, a.openDispute, a.addNote, a.snoozeDay, a.offerPlan],
  'delivery_blocker without a dispute': [a.openDispute, a.addNote],
  'delivery_blocker with an unclaimed dispute': [a.claimDispute, a.setDisputeStatus, a.addNote],
  'delivery_blocker with a claimed dispute': [a.setDisputeStatus, a.addNote],
  'dispute unclaimed': [a.claimDispute, a.setDisputeStatus, a.addNote],
  'dispute claimed, priority 1': [a.setDisputeStatus, a.addNote],
  'approval pending': [a.approveEscalation, a.refuseEscalation, a.handlePersonally],
  'approval approved': [],
  'approval refused': [],
  'approval personal': [],
  'approval of 200 invoices': [a.approveEscalation, a.refuseEscalation, a.handlePersonally],
  'email_bounced': [],
  'email_problem failed': [],
  'email_problem in doubt': [],
  'customer_promise': [a.logPromise, a.pauseReminders, a.openDispute, a.addNote, a.snoozeDay, a.offerPlan],
  'promise_broken': [a.logPromise, a.pauseReminders, a.openDispute, a.addNote, a.snoozeDay, a.offerPlan],
  'payment_unmatched': [],
  'payment_unmatched without reference': [],
  'invoice_incomplete': [a.pauseReminders, a.addNote],
  'approval_reminder pending': [a.approveEscalation, a.refuseEscalation, a.handlePersonally],
  'approval_reminder decided': [],
  'weekly_digest': [],
  'import_run of 5,000 unmatched payments': [],
  'import_run with released allocations, stopped early': [],
};

const render = (view: AlertView) => buildAlertMessage(view);
const blockTypes = (view: AlertView) => render(view).blocks.map((b) => b.type);

describe('buildAlertMessage: structure', () => {
  it('covers every AlertView kind', () => {
    const kinds = new Set(alertCases.map(([, v]) => v.kind));
    expect([...kinds].sort()).toEqual(['approval', 'approval_reminder', 'customer_promise', 'delivery_blocker', 'dispute', 'email_bounced', 'email_problem',
      'import_run', 'invoice_incomplete', 'invoice_overdue', 'payment_unmatched', 'promise_broken', 'weekly_digest']);
  });

  it.each(alertCases)('%s: offers exactly the actions its state allows', (name, view) => {
    expect(actionIdsOf(render(view))).toEqual(expectedActions[name]);
  });

  it.each(alertCases)('%s: starts with a header and has a plain fallback text', (_, view) => {
    const m = render(view);
    expect(m.blocks[0]!.type).toBe('header');
    expect(m.text.length).toBeGreaterThan(10);
    expect(m.text).not.toMatch(/[<*]/);
  });

  it.each(alertCases)('%s: every button and option value is compact JSON that parses back to its subject', (_, view) => {
    const values = valuesOf(render(view));
    for (const v of values) {
      expect(v.length).toBeLessThanOrEqual(2000);
      const parsed = parseActionValue(v);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      const subject = parsed.value.kind === 'invoice' ? parsed.value.invoiceId
        : parsed.value.kind === 'dispute' ? parsed.value.disputeId
        : parsed.value.kind === 'email' ? parsed.value.emailId : null;
      expect(['1042', '77', '5001']).toContain(subject);
    }
  });

  it('shows the invoice facts of an overdue invoice: customer, segment, number, amount, days, last reminder and tracking', () => {
    const text = visibleText(render(alertCases[0]![1]));
    for (const s of ['Northwind Traders', 'Top account · strategic', 'INV-2026-0042', '€12,480.00', '12 days overdue', 'overdue, sent', 'opened']) {
      expect(text).toContain(s);
    }
  });

  it('shows the promise, the dispute and the pause of an overdue invoice when there are some', () => {
    const text = visibleText(render(alertCases[1]![1]));
    expect(text).toContain('€5,000.00 by 2026-03-20');
    expect(text).toContain('Awaiting client, claimed by Ana Costa');
    expect(text).toContain('2026-03-15');
  });

  it('renders the last reminder date as a Slack date token with a readable fallback', () => {
    expect(visibleText(render(alertCases[0]![1]))).toContain('<!date^1773043200^{date_short_pretty} {time}|2026-03-09 08:00 UTC>');
  });

  it('offers a claim button while a dispute is unclaimed and names the owner once claimed', () => {
    const open = render({ kind: 'dispute', dispute: dispute(), mention: [] });
    expect(visibleText(open)).toContain('Unclaimed');
    const claimed = render({ kind: 'dispute', dispute: dispute({ owner: ana }), mention: [] });
    expect(actionIdsOf(claimed)).not.toContain(actionIds.claimDispute);
    expect(visibleText(claimed)).toContain('Claimed by <@U0ANA0001>');
  });

  it.each(['to_clarify', 'awaiting_client', 'resolved', 'credit_note_issued'] as const)('preselects the current status %s in the four-status menu', (status) => {
    const m = render({ kind: 'dispute', dispute: dispute({ status }), mention: [] });
    const select = allNodes(m).find((n) => n.type === 'static_select') as { options: { text: { text: string }; value: string }[]; initial_option: { value: string } };
    expect(select.options.map((o) => o.text.text)).toEqual(Object.values(statusLabels));
    expect(JSON.parse(select.initial_option.value)).toEqual({ d: '77', st: status });
    expect(parseActionValue(select.initial_option.value)).toEqual({ ok: true, value: { kind: 'dispute', disputeId: '77', status } });
  });

  it('marks a priority 1 dispute in the header and the notification', () => {
    const m = render({ kind: 'dispute', dispute: dispute({ priority: 1, ageHours: 50 }), mention: [] });
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: ':rotating_light: Priority 1 — unresolved for 48 h' } });
    expect(m.text).toMatch(/^Priority 1 dispute/);
    const normal = render({ kind: 'dispute', dispute: dispute(), mention: [] });
    expect(visibleText(normal)).not.toContain('Priority 1');
  });

  it('mentions each person told about a dispute once', () => {
    const text = visibleText(render({ kind: 'dispute', dispute: dispute(), mention: [ana, ana, ana] }));
    expect(text.match(/<@U0ANA0001>/g)).toHaveLength(1);
  });

  it('styles Approve as primary and Refuse as danger', () => {
    const buttons = allNodes(render({ kind: 'approval', approval: approval() })).filter((n) => n.type === 'button');
    expect(buttons.map((b) => [b.action_id, b.style ?? null])).toEqual([
      [actionIds.approveEscalation, 'primary'], [actionIds.refuseEscalation, 'danger'], [actionIds.handlePersonally, null],
    ]);
    expect(valuesOf(buttons)).toEqual(['{"e":"5001"}', '{"e":"5001"}', '{"e":"5001"}']);
  });

  it.each([
    ['approved', 'Approved* by Ana Costa'],
    ['refused', 'Refused* by Fin Ops'],
    ['personal', 'Ana Costa *is handling it personally'],
  ] as const)('once %s, an approval has no buttons and says who decided', (status, said) => {
    const decidedBy = status === 'refused' ? 'Fin Ops' : 'Ana Costa';
    const m = render({ kind: 'approval', approval: approval({ status, decidedBy, decisionNote: status === 'refused' ? 'Paid by wire' : null }) });
    expect(m.blocks.map((b) => b.type)).not.toContain('actions');
    expect(allNodes(m).filter((n) => n.type === 'button')).toEqual([]);
    expect(visibleText(m)).toContain(said);
    if (status === 'refused') expect(literalRuns(m)).toContain('Paid by wire'); // shown exactly as typed, in a rich_text quote
  });

  it('lists 20 invoices of an approval of 200 and counts the rest', () => {
    const m = render({ kind: 'approval', approval: approval({ invoices: manyInvoices(200) }) });
    const text = visibleText(m);
    expect(text).toContain('…and 180 more invoices');
    expect(text.match(/^• /gm)).toHaveLength(20);
    expect(blockKitViolations(m, 'message')).toEqual([]);
  });

  it('lists every missing item of an incomplete invoice', () => {
    const text = visibleText(render(alertCases.find(([n]) => n === 'invoice_incomplete')![1]));
    for (const s of ['PO number', 'client reference', 'billing contact', 'proof of delivery', 'What to do']) expect(text).toContain(s);
  });

  it.each([
    ['email_problem failed', 'could not be sent'],
    ['email_problem in doubt', 'arbot will not resend it'],
    ['email_bounced', 'working billing address'],
    ['payment_unmatched', 'arbot retries every unallocated payment on import'],
    ['payment_unmatched without reference', '*Reference*\nnone'],
  ])('%s says what happened and what to do', (name, said) => {
    expect(visibleText(render(alertCases.find(([n]) => n === name)![1]))).toContain(said);
  });

  it('keeps the block layout of each kind stable in shape', () => {
    expect(blockTypes(alertCases[0]![1])).toEqual(['header', 'section', 'section', 'actions']);
    expect(blockTypes({ kind: 'dispute', dispute: dispute({ priority: 1 }), mention: [ana] })).toEqual(['header', 'section', 'rich_text', 'section', 'context', 'context', 'context', 'actions']);
    expect(blockTypes({ kind: 'approval', approval: approval({ status: 'approved', decidedBy: 'x' }) })).toEqual(['header', 'section', 'section', 'context', 'context']);
  });
});

describe('buildAlertMessage: limits', () => {
  it.each([...alertCases, ...hostileCases])('%s: within every Block Kit limit', (_, view) => {
    expect(blockKitViolations(render(view), 'message')).toEqual([]);
  });

  const huge = 'Ω'.repeat(5000);
  it.each<[string, AlertView]>([
    ['a 5,000-character customer name', { kind: 'invoice_overdue', invoice: invoice({ customerName: huge, number: huge }), owner: ana }],
    ['a 5,000-character dispute reason', { kind: 'dispute', dispute: dispute({ reason: huge }), mention: [] }],
    ['a 5,000-character refusal note', { kind: 'approval', approval: approval({ status: 'refused', decidedBy: huge, decisionNote: huge, customerName: huge }) }],
    ['a 5,000-character bounce reason', { kind: 'email_bounced', customerName: huge, customerExternalId: 'x', address: huge, reason: huge, owner: null }],
    ['a 5,000-character payment reason', { kind: 'payment_unmatched', paymentExternalId: huge, customerName: huge, amount: huge, receivedDate: huge, reference: huge, reason: huge }],
    ['an import run whose every text is 5,000 characters', { kind: 'import_run', run: importRun({
      actor: huge, failed: huge, finishedAt: huge,
      unmatched: { count: 9999, totals: [huge, huge], lines: Array.from({ length: 20 }, () => ({ paymentExternalId: huge, customerExternalId: huge, customerName: huge, amount: huge, reason: huge })) },
      released: { count: 9999, lines: Array.from({ length: 20 }, () => ({ externalId: huge, amount: huge, reason: huge })) },
    }) }],
    ['an approval of 2,000 long invoices', { kind: 'approval', approval: approval({ invoices: manyInvoices(2000).map((i) => ({ ...i, number: huge })) }) }],
    ['fifty people to mention', { kind: 'dispute', dispute: dispute(), mention: Array.from({ length: 50 }, (_, k) => ({ ...ana, email: `p${k}@x.example`, slackUserId: `U${1000 + k}` })) }],
  ])('stays within the limits with %s', (_, view) => {
    expect(blockKitViolations(render(view), 'message')).toEqual([]);
  });

  it('lists 20 payments of an import run of 5,000 with an /ar hint each, then counts the rest with the totals of all', () => {
    const m = render({ kind: 'import_run', run: importRun() });
    const text = visibleText(m);
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: ':inbox_tray: Import #42: 5,000 unmatched payments' } });
    expect(text).toContain('Import run *#42* (csv, by fin@arbot.example) finished 2026-03-20 11:00 (Europe/Paris)');
    expect(text.match(/`\/ar NW-\d`/g)).toHaveLength(20);
    expect(text).toContain('`PAY-20`');
    expect(text).not.toContain('`PAY-21`');
    expect(text).toContain('…and 4,980 more unmatched payments; all 5,000 total €5,000,000.00 · $12.00.');
    expect(m.text).toBe('Import #42: 5,000 unmatched payments (total €5,000,000.00 · $12.00)');
  });

  it('shows the allocations an import released, and says so when none were recorded', () => {
    const released = visibleText(render(alertCases.find(([n]) => n.startsWith('import_run with released'))![1]));
    expect(released).toContain('25 allocations were released');
    expect(released).toContain('…and 5 more released allocations.');
    expect(released).toContain('It stopped early (connection lost)');
    expect(visibleText(render({ kind: 'import_run', run: importRun() }))).not.toContain('released');
  });

  it('cuts mentions past ten with "and N more"', () => {
    const people = Array.from({ length: 14 }, (_, k) => ({ ...ana, email: `p${k}@x.example`, slackUserId: `U${1000 + k}` }));
    expect(visibleText(render({ kind: 'dispute', dispute: dispute(), mention: people }))).toContain('and 4 more');
  });
});

describe('buildAlertMessage: escaping', () => {
  it.each(hostileCases)('%s: user text cannot ping, link or format', (_, view) => {
    const m = render(view);
    const text = parsedText(m);
    expect(text).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(text).not.toContain('<@U999>');
    expect(text).not.toMatch(/<(http|mailto)/);
    expect(text).not.toMatch(/(^|[^\u2060])@(channel|here|everyone)\b/i);
    expect(text).not.toContain('*bold*');
    expect(text).not.toContain('<@U1>');
    expect(m.text).not.toContain('<');
  });

  it.each(hostileCases.filter(([, v]) => 'customerName' in v || 'invoice' in v))('%s: shows the hostile customer name as text', (_, view) => {
    expect(visibleText(render(view))).toContain('&lt;!channel&gt; &amp; ∗bold∗');
  });

  it('mentions owners with a known Slack id and names the others', () => {
    const m = render(hostileCases[1]![1]);
    expect(visibleText(m)).toContain('Bob &lt;!here&gt;ˍx');
    expect(visibleText(render(hostileCases[0]![1]))).toContain('<@U0ANA0001>');
  });

  it('names, not mentions, an owner whose Slack id is malformed', () => {
    const text = visibleText(render(hostileCases[4]![1]));
    expect(text).toContain('Mallory: arbot is about to send');
    expect(text).not.toContain('<@U1>');
  });

  it('marks every mrkdwn text verbatim, so Slack parses nothing in it but arbot\'s own sequences', () => {
    for (const [, view] of [...alertCases, ...hostileCases]) {
      for (const t of textObjects(render(view)).filter((o) => o.type === 'mrkdwn')) expect(t.verbatim).toBe(true);
    }
  });

  it('keeps a hostile name in a header as plain text, where Slack parses nothing', () => {
    const m = render({ kind: 'invoice_overdue', invoice: invoice({ customerName: hostileName }), owner: ana });
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: `:hourglass: Overdue: ${hostileName} · INV-2026-0042` } });
  });
});

describe('an invoice card before its due date', () => {
  it('says "Invoice", not "Overdue", while the invoice is not yet overdue (a reply to D-7 is threaded under it)', () => {
    const early = render({ kind: 'invoice_overdue', invoice: invoice({ daysOverdue: -7 }), owner: ana });
    const late = render({ kind: 'invoice_overdue', invoice: invoice({ daysOverdue: 3 }), owner: ana });
    expect(early.text).toMatch(/^Invoice: /);
    expect(visibleText(early)).toContain('due in 7 days');
    expect(visibleText(early)).not.toContain('Overdue');
    expect(late.text).toMatch(/^Overdue: /);
  });
});
