import { describe, expect, it } from 'vitest';
import { buildAlertMessage, parseActionValue } from '../../blocks/slack/alert-blocks.js';
import { buildCreditHoldModal, buildCreditLimitModal } from '../../blocks/slack/credit-modals.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import type { CreditAlertView, CreditFacts } from '../../src/views/credit-view.js';
import { ana } from './slack/fixtures.js';
import { cardViolations, nodes, visibleText } from './teams/card-schema.js';

const credit = (over: Partial<CreditFacts> = {}): CreditFacts => ({
  customerId: '9', customerName: 'Acme *Retail*', customerExternalId: 'ACME-R',
  limit: { currency: 'EUR', limit: '€10,000.00', openAr: '€8,500.00', available: '€1,500.00', usedPercent: 85, overLimit: false },
  oldestOverdueDays: 12, hold: null, ...over,
});
const hold = { setBy: 'Ana Costa', setOn: '2026-03-20', reason: 'Cheque <bounced>' };
const threshold = (c: CreditFacts): CreditAlertView => ({ kind: 'credit', alertId: '31', reason: { kind: 'threshold', threshold: 80 }, credit: c, owner: ana });
const overdue: CreditAlertView = { kind: 'credit', alertId: '32', reason: { kind: 'overdue', overdueDays: 60, daysOverdue: 61 }, credit: credit({ limit: null }), owner: null };

type Block = { type: string; elements?: { action_id: string; value: string }[] };
const slackActions = (v: CreditAlertView) => (buildAlertMessage(v).blocks.at(-1) as Block).elements!;

describe('credit alerts on Slack', () => {
  it.each([
    ['not held', threshold(credit()), ['arbot.credit_hold', 'arbot.credit_limit']],
    ['held', threshold(credit({ hold })), ['arbot.credit_release', 'arbot.credit_limit']],
    ['long overdue, no limit', overdue, ['arbot.credit_hold', 'arbot.credit_limit']],
  ] as const)('%s: a header, a plain fallback and the buttons its state allows, each carrying the alert', (_n, view, ids) => {
    const m = buildAlertMessage(view);
    expect(m.blocks[0]!.type).toBe('header');
    expect(m.text).not.toMatch(/[<*]/);
    expect(slackActions(view).map((e) => e.action_id)).toEqual(ids);
    for (const e of slackActions(view)) {
      expect(parseActionValue(e.value)).toEqual({ ok: true, value: { kind: 'alert', alertId: view.alertId } });
      expect(decodeAction(e.action_id, JSON.parse(e.value), { asksFirst: true }).ok).toBe(true);
    }
  });

  it('says who set the hold, when and why, escaped', () => {
    const text = JSON.stringify(buildAlertMessage(threshold(credit({ hold }))).blocks);
    expect(text).toContain('Credit hold — set by Ana Costa on 2026-03-20: Cheque &lt;bounced&gt;');
  });

  it('opens its forms with the customer\'s credit on top and the subject in the metadata', () => {
    expect(buildCreditHoldModal(credit(), '{"a":"31"}')).toMatchObject({ callback_id: 'arbot.form_credit_hold', private_metadata: '{"a":"31"}' });
    const limit = JSON.stringify(buildCreditLimitModal(credit({ limit: null }), '{"a":"31"}'));
    expect(limit).toContain('New limit, with its currency');
  });
});

describe('credit alerts on Teams', () => {
  it.each([['not held', threshold(credit())], ['held', threshold(credit({ hold }))], ['overdue', overdue]] as const)(
    '%s: a valid card within limits, the same words, forms inline', (_n, view) => {
      const { card, summary } = buildAlertCard(view);
      expect(cardViolations(card)).toEqual([]);
      expect(summary).toContain('Acme');
      const verbs = nodes(card).filter((n) => n.type === 'Action.Execute').map((n) => n.verb);
      expect(verbs).toEqual(view.credit.hold === null ? ['arbot.credit_hold', 'arbot.credit_limit'] : ['arbot.credit_release', 'arbot.credit_limit']);
      if (view.credit.hold !== null) expect(visibleText(card)).toContain('Credit hold — set by Ana Costa on 2026-03-20: Cheque');
    });
});
