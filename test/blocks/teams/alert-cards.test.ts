import { describe, expect, it } from 'vitest';
import { buildAlertCard } from '../../../blocks/teams/alert-cards.js';
import { teamsCardLimits } from '../../../blocks/teams/adaptive-card.js';
import { type AlertView } from '../../../src/views/alert-view.js';
import { actionIds } from '../../../src/views/control-ids.js';
import { alertCases, ana, approval, dispute, hostileCases, invoice, mallory } from '../slack/fixtures.js';
import { cardViolations, nodes, visibleText } from './card-schema.js';

const anaId = '6b3c1f8e-0d2a-4c55-9a7e-1f2e3d4c5b6a';
const teamsIds = new Map([[ana.email, anaId], [mallory.email, '</at><at>x']]);
const verbs = (view: AlertView) => nodes(buildAlertCard(view).card).filter((n) => n.type === 'Action.Execute').map((n) => n.verb);

describe('Teams alert cards', () => {
  it.each(alertCases)('%s: valid Adaptive Card 1.5 within Teams\' limits', (_name, view) => {
    const { card, summary } = buildAlertCard(view, { teamsIds });
    expect(cardViolations(card)).toEqual([]);
    expect(summary.length).toBeGreaterThan(0);
  });

  it.each(hostileCases)('%s: user text cannot format, link, mention or template', (_name, view) => {
    const { card } = buildAlertCard(view, { teamsIds });
    expect(cardViolations(card)).toEqual([]);
    const text = visibleText(card);
    expect(text).not.toMatch(/<!channel>|<@U999>|\[|\]|\{\{|(^|\n)#/);
    // The only mention tags are arbot's own, with an entity (Ana's id is real; Mallory's "id" is not an id).
    for (const tag of text.match(/<at>.*?<\/at>/g) ?? []) expect(tag).toBe('<at>Ana Costa</at>');
    expect(card.msteams?.entities?.every((e) => e.mentioned.id === anaId) ?? true).toBe(true);
  });

  it('mentions an owner whose Teams id is known, and names the others', () => {
    const { card } = buildAlertCard({ kind: 'invoice_overdue', invoice: invoice(), owner: ana }, { teamsIds });
    expect(card.msteams?.entities).toEqual([{ type: 'mention', text: '<at>Ana Costa</at>', mentioned: { id: anaId, name: 'Ana Costa' } }]);
    expect(buildAlertCard({ kind: 'invoice_overdue', invoice: invoice(), owner: ana }).card.msteams?.entities).toBeUndefined();
  });

  it.each([
    ['an unclaimed dispute can be claimed', { kind: 'dispute', dispute: dispute(), mention: [] }, [actionIds.claimDispute, actionIds.setDisputeStatus, actionIds.addNote]],
    ['a claimed dispute cannot', { kind: 'dispute', dispute: dispute({ owner: ana }), mention: [] }, [actionIds.setDisputeStatus, actionIds.addNote]],
    ['a pending approval has the three decisions', { kind: 'approval', approval: approval() }, [actionIds.approveEscalation, actionIds.refuseEscalation, actionIds.handlePersonally]],
    ['a decided approval has none', { kind: 'approval', approval: approval({ status: 'approved', decidedBy: 'Ana' }) }, []],
    ['an overdue invoice has the invoice forms', { kind: 'invoice_overdue', invoice: invoice(), owner: ana }, [actionIds.logPromise, actionIds.pauseReminders, actionIds.openDispute, actionIds.addNote, actionIds.snoozeDay, actionIds.offerPlan]],
    ['an invoice with an open dispute cannot open another', { kind: 'invoice_overdue', invoice: invoice({ openDispute: { id: '7', status: 'to_clarify', ownerName: null } }), owner: ana }, [actionIds.logPromise, actionIds.pauseReminders, actionIds.addNote, actionIds.snoozeDay, actionIds.offerPlan]],
  ] as [string, AlertView, string[]][])('%s', (_name, view, expected) => {
    expect(verbs(view)).toEqual(expected);
  });

  it('puts a refusal for the clicker on top of the card', () => {
    const { card } = buildAlertCard({ kind: 'dispute', dispute: dispute({ owner: ana }), mention: [] }, { notice: 'already claimed by *Ana*' });
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', color: 'Warning', text: '⚠️ already claimed by ∗Ana∗' });
  });

  it('keeps a huge alert within Teams\' payload limit and keeps its controls', () => {
    const longReason = 'x'.repeat(5000);
    const many = Array.from({ length: 40 }, (_, k) => ({ ...ana, email: `p${k}@x.example`, name: `Person ${k} ${'y'.repeat(200)}` }));
    const { card } = buildAlertCard({ kind: 'dispute', dispute: dispute({ reason: longReason }), mention: many });
    expect(cardViolations(card)).toEqual([]);
    expect(JSON.stringify(card).length).toBeLessThanOrEqual(teamsCardLimits.payloadBytes);
    expect(card.body.at(-1)).toMatchObject({ type: 'ActionSet' });
  });
});

describe('the card checks themselves', () => {
  it('catch what Teams would refuse', () => {
    const bad = {
      type: 'AdaptiveCard', version: '1.5', msteams: { width: 'Full' },
      body: [{ type: 'TextBlock' }, { type: 'Frobnicator' }, { type: 'ActionSet', actions: Array.from({ length: 7 }, () => ({ type: 'Action.Execute', title: 'x', verb: 'arbot.nope', data: {} })) }],
    } as never;
    const problems = cardViolations(bad);
    expect(problems.some((p) => p.startsWith('schema:'))).toBe(true);
    expect(problems).toContain('7 actions in one set');
    expect(problems.some((p) => p.includes('arbot.nope'))).toBe(true);
  });
});
