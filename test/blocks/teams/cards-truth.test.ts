import { describe, expect, it } from 'vitest';
import { buildCustomerChoiceCard } from '../../../blocks/teams/ar-card.js';
import { buildAlertCard } from '../../../blocks/teams/alert-cards.js';
import type { OwnerRef } from '../../../src/views/alert-view.js';
import { dev, dispute, invoice } from '../slack/fixtures.js';
import { cardViolations, nodes, visibleText } from './card-schema.js';

// Cards say only what is true and tell people apart: the Teams side of the "cards" findings.

describe('ar choices (finding 7: distinguishable within 40 characters)', () => {
  it.each([
    ['Acme Industrial Supplies Europe Holding', (k: number) => `ACME-EU-${String(k).padStart(4, '0')}`],
    ['Acme', (k: number) => `ERP-CUSTOMER-ACCOUNT-NUMBER-LONG-PREFIX-${k}`],
    ['Acme Industrial', (k: number) => `A${k}`],
  ])('six customers named like "%s" get six different titles of at most 40 characters', (name, id) => {
    const matches = Array.from({ length: 6 }, (_, k) => ({ customerExternalId: id(k), customerName: `${name} ${'(branch office)'.repeat(2)}`, segment: 'standard' as const, strategic: false }));
    const { card } = buildCustomerChoiceCard(matches, 'acme');
    expect(cardViolations(card)).toEqual([]);
    const titles = nodes(card).filter((n) => n.type === 'Action.Execute').map((a) => String(a.title));
    expect(titles).toHaveLength(6);
    expect(new Set(titles).size).toBe(6);
    for (const t of titles) expect(t.length).toBeLessThanOrEqual(40);
    titles.forEach((t, k) => expect(t.endsWith(id(k).slice(-8))).toBe(true));
  });
});

describe('Teams mentions (finding 6: two people with one name are both notified)', () => {
  const sales: OwnerRef = { name: 'Ana Martin', email: 'ana.sales@arbot.example', team: 'sales', slackUserId: null };
  const delivery: OwnerRef = { name: 'Ana Martin', email: 'ana.delivery@arbot.example', team: 'delivery', slackUserId: null };
  const ids = new Map([[sales.email, '6b3c5a4e-1111-4aaa-8bbb-000000000001'], [delivery.email, '6b3c5a4e-2222-4aaa-8bbb-000000000002']]);

  it('gives each person their own mention entity, whose text appears in the card', () => {
    const { card } = buildAlertCard({ kind: 'dispute', dispute: dispute({ owner: sales }), mention: [sales, delivery] }, { teamsIds: ids });
    expect(cardViolations(card)).toEqual([]);
    const entities = card.msteams?.entities ?? [];
    expect(entities.map((e) => e.mentioned.id).sort()).toEqual([...ids.values()].sort());
    expect(new Set(entities.map((e) => e.text)).size).toBe(2);
    const text = visibleText(card);
    for (const e of entities) expect(text).toContain(e.text);
  });
});

describe('delivery cards (finding 3: say what is true)', () => {
  it.each([
    ['no dispute', null, false],
    ['a dispute about a missing PO', dispute({ reason: 'Missing PO', deliveryRelated: false }), false],
    ['a delivery-related dispute', dispute({ deliveryRelated: true }), true],
  ])('with %s, says payment waits on delivery only when a delivery dispute says so', (_, d, waits) => {
    const { card } = buildAlertCard({ kind: 'delivery_blocker', invoice: invoice({ daysOverdue: 12 }), owner: dev, dispute: d });
    expect(cardViolations(card)).toEqual([]);
    const text = visibleText(card);
    expect(/waiting on delivery/.test(text)).toBe(waits);
    expect(/Delivery blocker/.test(text)).toBe(waits);
    if (!waits) expect(text).toContain('12 days overdue. Delivery, is anything blocking payment');
  });
});
