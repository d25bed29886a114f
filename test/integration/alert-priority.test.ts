import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { postgresAlertProducers, raiseImportRunAlerts } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { alertsJob, type AlertJobDeps } from '../../jobs/alerts.js';
import { alertPriority, type AlertKind } from '../../src/domain/alerts.js';
import { dispatchBatch } from '../../src/services/dispatch-alerts.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn } from '../support/slack-wiring.js';

// One large import must not hold a customer's dispute back, nor flood #finance: its unmatched payments become ONE
// alert for the run, and alerts are posted by priority (disputes, SLA, bounces, approvals first).

let db: TestDb;
let fake: FakeSlack;
let deps: AlertJobDeps;
const job = alertsJob('*/5 * * * *');
const now = new Date('2026-03-20T10:00:00Z');
const payments = 5000;
/** Payment k's amount in cents: never 50.00 (the open invoice), so no rule can match it. */
const cents = (k: number) => 100 + (k % 40) * 25 + 1;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack({ users: [] });
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' }],
    customers: [customer('C-1', 'Europe/Paris')],
    invoices: [invoice('disputed', 'C-1', '2026-03-30', '50.00'), invoice('later', 'C-1', '2026-03-31', '60.00')],
  });
  deps = {
    producers: postgresAlertProducers(db.sql),
    settings: { deliveryAfterDays: 10, incompleteHorizonDays: 0 },
    dispatch: {
      outbox: postgresAlertOutbox(db.sql),
      view: (a, at) => loadAlertView(db.sql, a, at, 'Europe/Paris'),
      platforms: [{
        publisher: slackAlertPublisherOn(db.sql, client), routing: (a) => loadRoutingFacts(db.sql, a),
        teams: { sales: 'C0SALES', delivery: 'C0DELIVERY', finance: 'C0FINANCE' },
      }],
      maxAttempts: 3,
    },
  };
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

const posts = () => fake.calls('chat.postMessage').map((c) => ({ channel: String(c.args.channel), body: JSON.stringify(c.args.blocks) }));

describe('an import of 5,000 unmatched payments, then a dispute', () => {
  let runId: string;

  it('posts the dispute first and tells finance once, in one message naming the run', async () => {
    await importRows(db.sql, {
      payments: Array.from({ length: payments }, (_, k) => ({
        external_id: `P-${k + 1}`, customer_external_id: 'C-1', received_date: '2026-03-18', currency: 'EUR',
        amount: (cents(k) / 100).toFixed(2),
      })),
    });
    await importRows(db.sql, { disputes: [{ invoice_external_id: 'disputed', opened_date: '2026-03-19', reason: 'Wrong amount billed' }] });
    const [run] = await db.sql<{ id: string }[]>`
      SELECT id::text FROM import_runs WHERE (summary->'sources'->0->>'unmatched_payments')::int = ${payments}`;
    runId = run!.id;

    const report = await job.run(deps, now);

    const sent = posts();
    expect(sent[0]!.channel).toBe('C0ANA');
    expect(sent[0]!.body).toContain('Wrong amount billed');
    const finance = fake.messages('C0FINANCE');
    expect(finance).toHaveLength(1);
    const text = JSON.stringify(finance[0]!.blocks);
    expect(text).toContain(`Import #${runId}: 5,000 unmatched payments`);
    expect(text).toContain('`/ar C-1`');
    expect(text.match(/`P-\d+`/g)).toHaveLength(20);
    const total = Array.from({ length: payments }, (_, k) => BigInt(cents(k))).reduce((a, b) => a + b, 0n);
    const euros = `€${(total / 100n).toLocaleString('en-US')}.${String(total % 100n).padStart(2, '0')}`;
    expect(text).toContain(`…and 4,980 more unmatched payments; all 5,000 total ${euros}.`);
    const kinds = await db.sql`SELECT kind, count(*)::int AS n FROM alerts GROUP BY kind ORDER BY kind`;
    expect(kinds).toEqual([{ kind: 'dispute_opened', n: 1 }, { kind: 'import_run_review', n: 1 }]);
    expect(report).toMatchObject({ disputes: 1, import_runs: 1, dead: 0 });
  });

  it('raises nothing more for the run when the job runs again, or on two instances at once', async () => {
    const later = new Date(now.getTime() + 300_000);
    const again = await Promise.all([job.run(deps, later), job.run(deps, later)]);
    expect(again.map((r) => r.import_runs)).toEqual([0, 0]);
    expect(fake.messages('C0FINANCE')).toHaveLength(1);
    const [n] = await db.sql`SELECT count(*)::int AS n FROM alerts WHERE kind = 'import_run_review'`;
    expect(n!.n).toBe(1);
    const [checked] = await db.sql`SELECT count(*)::int AS n FROM import_runs WHERE alert_checked_at IS NULL`;
    expect(checked!.n).toBe(0);
  });

  it('posts a dispute raised behind a queue of informational alerts in the next batch', async () => {
    // The queue as an older release left it: one alert per unmatched payment, 300 of them, all waiting.
    const waiting = await db.sql`
      INSERT INTO alerts (kind, priority, dedupe_key, customer_id, raised_at, details)
      SELECT 'payment_unmatched', ${alertPriority('payment_unmatched')}, 'payment_unmatched:' || id, customer_id, ${now},
             jsonb_build_object('payment_id', id::text)
      FROM payments ORDER BY id LIMIT 300 RETURNING id`;
    expect(waiting.length).toBeGreaterThan(dispatchBatch);
    await importRows(db.sql, { disputes: [{ invoice_external_id: 'later', opened_date: '2026-03-20', reason: 'Goods never arrived' }] });
    const before = posts().length;
    await job.run(deps, new Date(now.getTime() + 600_000));
    const batch = posts().slice(before);
    expect(batch[0]!.body).toContain('Goods never arrived');
    const [dispute] = await db.sql`SELECT posted_at IS NOT NULL AS posted FROM alerts a JOIN invoices i ON i.id = a.invoice_id
                                   WHERE a.kind = 'dispute_opened' AND i.external_id = 'later'`;
    expect(dispute!.posted).toBe(true);
    const [left] = await db.sql`SELECT count(*)::int AS n FROM alerts WHERE posted_at IS NULL AND kind = 'payment_unmatched'`;
    expect(left!.n).toBe(300 - (dispatchBatch - 1));
  }, 120_000);

  it('stores every alert with its kind\'s priority', async () => {
    const rows = await db.sql<{ kind: AlertKind; priority: number }[]>`SELECT DISTINCT kind, priority FROM alerts`;
    expect(rows.length).toBeGreaterThan(2);
    for (const r of rows) expect(r.priority, r.kind).toBe(alertPriority(r.kind));
  });
});

describe('an import run that released allocations', () => {
  // The import's allocation step records, per source, the allocations an ERP update no longer fits (`released`):
  // the run's one alert shows them beside its unmatched payments, and a summary without them is fine too.
  const finishedRun = async (sources: unknown[]) => {
    const [r] = await db.sql<{ id: bigint }[]>`
      INSERT INTO import_runs (source, actor, finished_at, summary)
      VALUES ('api', 'erp-sync', ${now}, ${db.sql.json({ dry_run: false, sources } as never)}) RETURNING id`;
    return r!.id;
  };
  const viewOf = async (runId: bigint) => {
    const [a] = await db.sql<AlertRow[]>`SELECT id, kind, customer_id, invoice_id, dispute_id, email_id, details FROM alerts WHERE dedupe_key = ${`import_run_review:${runId}`}`;
    return a ? loadAlertView(db.sql, a, now, 'UTC') : null;
  };

  it('lists the released allocations with the run, and raises nothing for a run that moved nothing', async () => {
    const released = await finishedRun([{
      kind: 'invoices', name: '/api/v1/invoices', rows: 2, unmatched_payments: 0, unmatched: [], unmatched_totals: {},
      released: [
        { pos: 1, external_id: 'INV-disputed', amount_minor: '1500', currency: 'EUR', reason: 'the invoice now totals less than its allocations', payment_id: '1', invoice_id: '1' },
        { pos: 2, external_id: 'INV-later', reason: 'currency changed' },
      ],
    }]);
    const quiet = await finishedRun([{ kind: 'invoices', name: 'invoices.csv', rows: 1, unmatched_payments: 0, unmatched: [] }]);
    const counted = await finishedRun([{ kind: 'invoices', name: 'x', unmatched_payments: 0, released: 3 }]);
    expect(await raiseImportRunAlerts(db.sql, now)).toBe(2);
    expect(await viewOf(quiet)).toBeNull();
    expect(await viewOf(released)).toEqual({
      kind: 'import_run',
      run: {
        runId: released.toString(), via: 'api', actor: 'erp-sync', finishedAt: '2026-03-20 10:00 (UTC)', failed: null,
        unmatched: { count: 0, lines: [], totals: [] },
        released: { count: 2, lines: [
          { externalId: 'INV-disputed', amount: '€15.00', reason: 'the invoice now totals less than its allocations' },
          { externalId: 'INV-later', amount: null, reason: 'currency changed' },
        ] },
      },
    });
    expect(await viewOf(counted)).toMatchObject({ run: { released: { count: 3, lines: [] } } });
  });
});
