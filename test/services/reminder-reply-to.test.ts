import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { verifyReplyToken } from '../../src/domain/reply-address.js';
import type { SendingEmail } from '../../src/ports/cadence-store.js';
import { createReminderRenderer } from '../../src/services/reminder-renderer.js';
import { reminderTemplates } from '../../src/wire/cadence.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const now = new Date('2026-03-31T09:00:00Z');
const renderer = (inboundDomain?: string) => createReminderRenderer({
  renderReminder: reminderTemplates(), from: { email: 'billing@Northwind.example', name: 'Northwind' },
  publicBaseUrl: 'https://ar.northwind.example', linkSecret: secret, linkTtlDays: 90, inboundDomain,
});
const sending: SendingEmail = {
  id: 42n, policy: 'standard', stepKey: 'overdue', template: 'overdue', customerId: 7n, customerExternalId: 'C-7',
  customerName: 'Acme', locale: 'en-GB', timezone: 'Europe/London', to: ['ap@acme.example'], cc: [],
  replyTo: 'jane@northwind.example', accountManagerName: 'Jane Doe', attempts: 1,
  invoices: [{ invoiceId: 100n, number: 'INV-1', clientReference: null, dueDate: '2026-03-01', currency: 'EUR', amountDueMinor: 1000n, payUrl: null }],
};

describe('the Reply-To and Message-ID of a customer email', () => {
  it('replies to the account manager without INBOUND_DOMAIN, with our Message-ID on the sender\'s domain', () => {
    const email = renderer()(sending, now);
    expect(email.replyTo).toBe('jane@northwind.example');
    expect(email.messageId).toMatch(/^<arbot\.42\.[0-9a-f]{16}@northwind\.example>$/);
  });

  it('replies to r+<token>@INBOUND_DOMAIN for 400 days, still naming the account manager, each send its own Message-ID', () => {
    const render = renderer('reply.northwind.example');
    const email = render(sending, now);
    const [local, host] = email.replyTo!.split('@') as [string, string];
    expect(host).toBe('reply.northwind.example');
    expect(local.length).toBeLessThanOrEqual(64);
    expect(verifyReplyToken(local.slice(2), secret, new Date(now.getTime() + 399 * 86_400_000))).toMatchObject({ ok: true, emailId: 42n });
    expect(verifyReplyToken(local.slice(2), secret, new Date(now.getTime() + 400 * 86_400_000))).toEqual({ ok: false, reason: 'expired' });
    expect(email.text).toContain('Jane Doe');
    expect(email.messageId).toMatch(/^<arbot\.42\.[0-9a-f]{16}@reply\.northwind\.example>$/);
    expect(render(sending, now).messageId).not.toBe(email.messageId);
  });

  it.each([['Reply.AR.example.com', 'reply.ar.example.com'], ['', undefined]])('reads INBOUND_DOMAIN %j', (value, domain) => {
    expect(loadConfig({ INBOUND_DOMAIN: value }).INBOUND_DOMAIN).toBe(domain);
    expect(loadConfig({}).REPLY_PAUSE_DAYS).toBe(5);
  });

  it.each(['r+x@reply.example', 'https://reply.example', 'reply', '-bad.example', 'a..b.example'])('refuses INBOUND_DOMAIN %j', (value) => {
    expect(() => loadConfig({ INBOUND_DOMAIN: value })).toThrow(ConfigError);
  });
});
