import { describe, expect, it } from 'vitest';
import { verifyPortalToken } from '../../src/domain/portal-link.js';
import type { SendingEmail } from '../../src/ports/cadence-store.js';
import { createReminderRenderer } from '../../src/services/reminder-renderer.js';
import { reminderTemplates } from '../../src/wire/cadence.js';

const secret = 'a-link-secret-of-at-least-32-characters!';
const now = new Date('2026-03-31T09:00:00Z');
const render = createReminderRenderer({
  renderReminder: reminderTemplates(), from: { email: 'billing@northwind.example', name: 'Northwind' },
  publicBaseUrl: 'https://ar.northwind.example/', linkSecret: secret, linkTtlDays: 90, portalLinkTtlDays: 30,
});
const email = (over: Partial<SendingEmail>): SendingEmail => ({
  id: 42n, policy: 'standard', stepKey: 'overdue', template: 'overdue', customerId: 7n, customerExternalId: 'C-7',
  customerName: 'Acme', locale: 'fr-FR', timezone: 'Europe/Paris', to: ['ap@acme.example'], cc: [], replyTo: null,
  accountManagerName: null, attempts: 1,
  invoices: [{ invoiceId: 100n, number: 'INV-1', clientReference: null, dueDate: '2026-03-01', currency: 'EUR', amountDueMinor: 1000n, payUrl: null }],
  ...over,
});

describe('the portal link of a reminder', () => {
  it('is signed for the customer at their current key version, for PORTAL_LINK_TTL_DAYS', () => {
    const sent = render(email({ portalKeyVersion: 4 }), now);
    const token = /https:\/\/ar\.northwind\.example\/p\/([A-Za-z0-9_.-]+)/.exec(sent.text)![1]!;
    expect(verifyPortalToken(token, secret, now)).toEqual({ ok: true, customerId: 7n, keyVersion: 4, expiresAt: new Date('2026-04-30T09:00:00Z') });
    expect(sent.html).toContain(`/p/${token}`);
    expect(sent.text).toContain('Votre compte en ligne');
  });

  it('is left out when the key version is not known', () => {
    expect(render(email({}), now).text).not.toContain('/p/');
  });
});
