import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildEml } from '../../adapters/email/mime.js';
import { toMailSendBody } from '../../adapters/email/sendgrid-sender.js';
import { verifyDisputeToken } from '../../src/domain/dispute-link.js';
import { verifyStatementToken } from '../../src/domain/statement-link.js';
import type { SendingEmail } from '../../src/ports/cadence-store.js';
import { createReminderRenderer } from '../../src/services/reminder-renderer.js';
import { reminderTemplates } from '../../src/wire/cadence.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const now = new Date('2026-03-31T09:00:00Z');
const render = createReminderRenderer({
  renderReminder: reminderTemplates(), from: { email: 'billing@northwind.example', name: 'Northwind' },
  publicBaseUrl: 'https://ar.northwind.example/', linkSecret: secret, linkTtlDays: 90, maxRows: 3,
});

function sending(overrides: Partial<SendingEmail> = {}): SendingEmail {
  return {
    id: 42n, policy: 'standard', stepKey: 'escalation', template: 'escalation', customerId: 7n, customerExternalId: 'C-7',
    customerName: 'Acme', locale: 'en-GB', timezone: 'Europe/London',
    // The escalation contact is also a billing contact, spelled differently.
    to: ['ap@acme.example', 'Boss@Acme.example'], cc: ['boss@acme.example', 'cfo@acme.example'],
    replyTo: 'jane@northwind.example', accountManagerName: 'Jane', attempts: 1,
    invoices: Array.from({ length: 5 }, (_, i) => ({
      invoiceId: BigInt(100 + i), number: `INV-${i}`, clientReference: null, dueDate: `2026-03-0${i + 1}`,
      currency: 'EUR', amountDueMinor: 1000n, payUrl: null,
    })),
    ...overrides,
  };
}

describe('the reminder renderer', () => {
  it('never names an address twice across To and Cc: in the .eml and in the SendGrid body', async () => {
    const email = render(sending(), now);
    const parsed = await PostalMime.parse(buildEml(email, { date: now, messageId: '<1@northwind.example>', boundary: '=_b' }));
    const addresses = [...(parsed.to ?? []), ...(parsed.cc ?? [])].map((a) => ('address' in a ? a.address ?? '' : '').toLowerCase());
    expect(addresses).toEqual(['ap@acme.example', 'boss@acme.example', 'cfo@acme.example']);
    expect(parsed.cc).toEqual([{ name: '', address: 'cfo@acme.example' }]);

    const body = toMailSendBody(email);
    expect(body.personalizations).toEqual([{ to: [{ email: 'ap@acme.example' }, { email: 'Boss@Acme.example' }], cc: [{ email: 'cfo@acme.example' }] }]);
  });

  it('says the escalation contact is copied only when someone is left in Cc', () => {
    expect(render(sending({ cc: ['BOSS@acme.example'] }), now).cc).toEqual([]);
    expect(render(sending({ cc: ['BOSS@acme.example'] }), now).text).not.toContain('escalation contact');
    expect(render(sending(), now).text).toContain('escalation contact');
  });

  it('links a signed statement for the customer and a signed dispute link for each invoice listed', () => {
    const email = render(sending(), now);
    const statement = /https:\/\/ar\.northwind\.example\/s\/([A-Za-z0-9_.-]+)/.exec(email.text);
    expect(statement).not.toBeNull();
    expect(verifyStatementToken(statement![1]!, secret, now)).toMatchObject({ ok: true, customerId: 7n });
    expect(verifyStatementToken(statement![1]!, secret, new Date(now.getTime() + 91 * 86_400_000))).toEqual({ ok: false, reason: 'expired' });
    // A statement token is not a dispute token, nor the reverse.
    expect(verifyDisputeToken(statement![1]!, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(email.text).toContain('and 2 more, total €20.00');
    expect([...email.text.matchAll(/\/d\/([A-Za-z0-9_.-]+)/g)].map((m) => verifyDisputeToken(m[1]!, secret, now)))
      .toEqual([100n, 101n, 102n].map((invoiceId) => expect.objectContaining({ ok: true, invoiceId })));
    expect(email.categories).toEqual(['arbot', 'arbot-escalation']);
    expect(email.customArgs).toEqual({ arbot_email_id: '42', arbot_step: 'escalation', arbot_policy: 'standard' });
  });
});
