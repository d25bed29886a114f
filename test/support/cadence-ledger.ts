import { Writable } from 'node:stream';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import type { Sql } from '../../adapters/postgres/connect.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { importLedger, isClean } from '../../src/services/import-ledger.js';
import type { LedgerKind } from '../../src/domain/import/ledger-rows.js';

export const quietLog = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));

/** Configuration for engine tests: SendGrid at a local fake, no pacing, Paris company time. */
export function cadenceConfig(sendgrid: { url: string; apiKey: string }, extra: Record<string, string> = {}): Config {
  return loadConfig({
    SENDGRID_API_KEY: sendgrid.apiKey, SENDGRID_API_URL: sendgrid.url, EMAIL_FROM: 'ar@acme.example',
    EMAIL_FROM_NAME: 'Acme Receivables', EMAIL_RATE_PER_SECOND: '0', COMPANY_TIMEZONE: 'Europe/Paris',
    LINK_SECRET: 'test-link-secret-0123456789abcdef0123456789', PUBLIC_BASE_URL: 'https://ar.acme.example',
    DEMO_LEDGER: 'off', SCHEDULER: 'off', ...extra,
  });
}

/** Imports rows given as text cells through the real import service; throws on any rejected row. */
export async function importRows(sql: Sql, rows: Partial<Record<LedgerKind, Record<string, string>[]>>): Promise<void> {
  const sources = Object.entries(rows).map(([kind, list]) => ({
    kind: kind as LedgerKind,
    name: kind,
    items: (async function* () {
      let pos = 0;
      for (const cells of list ?? []) yield { pos: ++pos, cells };
    })(),
  }));
  // A fixed "today", after every date the test ledgers use, so no test depends on the clock.
  const today = { date: '2026-12-31', zone: 'Europe/Paris' };
  const report = await importLedger(postgresImportStore(sql), sources, { actor: 'test', via: 'csv', defaultTimezone: 'Europe/Paris', today });
  if (!isClean(report)) throw new Error(`test ledger rejected: ${JSON.stringify(report.sources.flatMap((s) => s.errors))}`);
}

export const owner = { email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' };

export function customer(id: string, zone: string, segment = 'standard', extra: Record<string, string> = {}) {
  return {
    external_id: id, name: `Customer ${id}`, segment, timezone: zone, billing_email: `ap@${id.toLowerCase()}.example`,
    escalation_email: `cfo@${id.toLowerCase()}.example`, sales_owner_email: owner.email, ...extra,
  };
}

export function invoice(id: string, customerId: string, due: string, amount: string, currency = 'EUR') {
  return {
    external_id: id, number: `INV-${id}`, customer_external_id: customerId, issue_date: '2026-01-15', due_date: due,
    currency, amount, client_reference: `REF-${id}`, pay_url: `https://pay.acme.example/${id}`,
  };
}

/**
 * One customer per id (Europe/Paris), each with one invoice `I<id>` of 100.00 EUR due 2026-03-10 whose D-7
 * reminder already went out, so only the D+3 step is due (on Friday 2026-03-13).
 */
export async function importD3Ledger(sql: Sql, ids: readonly string[], customerExtra: Record<string, string> = {}): Promise<void> {
  await importRows(sql, {
    customers: ids.map((id) => customer(id, 'Europe/Paris', 'standard', customerExtra)),
    invoices: ids.map((id) => invoice(`I${id}`, id, '2026-03-10', '100.00')),
  });
  await sql`
    WITH e AS (
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at)
      SELECT id, 'standard', 'upcoming', 'upcoming', 'sent', '2026-03-03T08:00:00Z', billing_emails, '2026-03-03T08:00:00Z'
      FROM customers WHERE external_id = ANY(${ids as string[]}) RETURNING id, customer_id
    )
    INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
    SELECT i.id, 'upcoming', 'standard', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id`;
}
