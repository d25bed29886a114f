import { Writable } from 'node:stream';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { createSendGridSender } from '../../adapters/email/sendgrid-sender.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { runCadenceTick, sendQueue } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { startFakeSendGrid } from '../support/fake-sendgrid.js';
import { adminClient, benchDatabaseUrl, createBenchDatabase, describeUrl, probe } from './bench-db.js';

// A cadence tick over 1,000,000 open invoices of which about 50,000 have a step due at the tick: prints the time
// to plan and claim (SQL window + due rule + exactly-once claims), peak RSS, and the send rate through the queue
// to a local SendGrid with the rate limit off. Aims: planning under 5 s, RSS under 300 MB.

const scale = Number(process.env.BENCH_SCALE ?? '1');
const asOf = new Date('2026-03-13T09:30:00Z'); // a Friday, 10:30 in Paris

export async function run(): Promise<void> {
  const url = benchDatabaseUrl();
  const up = await probe(url);
  if (!up.ok) {
    console.log(`cadence benchmark skipped: it needs a real PostgreSQL (${describeUrl(url)}: ${up.reason})`);
    return;
  }
  const admin = adminClient(url);
  const bench = await createBenchDatabase(admin, url);
  const concurrency = process.env.BENCH_EMAIL_CONCURRENCY ?? '8';
  const db = await openDatabase({ databaseUrl: bench.url, dataDir: '', max: Number(concurrency) + 4 });
  const fake = await startFakeSendGrid({ validate: false });
  try {
    await migrate(db.sql);
    const total = Math.round(1_000_000 * scale);
    const due = Math.round(50_000 * scale);
    const customers = Math.max(100, Math.round(100_000 * scale));
    const t0 = performance.now();
    await db.sql`
      INSERT INTO customers (external_id, name, segment, timezone, billing_emails)
      SELECT 'C' || g, 'Customer ' || g, CASE WHEN g % 10 = 0 THEN 'at_risk' WHEN g % 10 = 1 THEN 'top' ELSE 'standard' END,
             (ARRAY['Europe/Paris', 'Europe/Berlin', 'Europe/London'])[1 + g % 3], ARRAY['ap' || g || '@c.example']
      FROM generate_series(1, ${customers}::int) g`;
    // The due ones sit on the standard steps' days around the tick (D-7, D+3, D+10, D+20 of a Friday);
    // the rest spread over three years of due dates, most outside the window the tick reads.
    await db.sql`
      INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
      SELECT 'I' || g, 'INV-' || g, 1 + ((g::int8 * 7919) % ${customers}::int)::int,
             d - 30, d, 'EUR', 10000 + (g % 5000) * 100
      FROM generate_series(1, ${total}::int) g,
           LATERAL (SELECT CASE WHEN g <= ${due}::int
                                THEN (ARRAY[date '2026-03-20', date '2026-03-10', date '2026-03-03', date '2026-02-21'])[1 + g % 4]
                                ELSE date '2023-06-01' + (g % 1100) END AS d) x`;
    await db.sql`ANALYZE`;
    console.log(`ledger: ${customers} customers, ${total} open invoices, ${due} placed on a due step (built in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    const config = loadConfig({ SENDGRID_API_KEY: fake.apiKey, SENDGRID_API_URL: fake.url, EMAIL_FROM: 'ar@bench.example', EMAIL_RATE_PER_SECOND: '0', EMAIL_CONCURRENCY: concurrency, LINK_SECRET: 'bench-link-secret-0123456789abcdef012345', DEMO_LEDGER: 'off' });
    const log = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
    const deps = await cadenceDeps(config, db.sql, log, createSendGridSender({ apiKey: fake.apiKey, baseUrl: fake.url, retry: { maxAttempts: 1, maxWaitMs: 0 } }));
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0plan = performance.now();
    const dry = await runCadenceTick(deps, asOf, { dryRun: true });
    console.log(`plan only (dry run): ${((performance.now() - t0plan) / 1000).toFixed(2)} s for ${dry.considered} invoices in the window, ${dry.planned_count} emails due`);
    const t1 = performance.now();
    // Plan and claim only: the queue is left for the send measurement below.
    const report = await runCadenceTick({ ...deps, store: { ...deps.store, dueEmailIds: async () => [] } }, asOf);
    const planMs = performance.now() - t1;
    clearInterval(sampler);
    console.log(`tick: ${report.considered} invoices in the window, ${report.planned_count} emails planned, ${report.claimed} claimed`);
    console.log(`plan + claim: ${(planMs / 1000).toFixed(2)} s (aim < 5 s); peak RSS ${(peak / 1e6).toFixed(0)} MB (aim < 300 MB; ${(rssBefore / 1e6).toFixed(0)} MB before the tick)`);

    // Send a slice of the queue with the rate limit off, to show the queue's own throughput.
    // 10,000 emails (about 15 s): long enough that start-up (JIT, first connections) does not set the figure.
    const slice = Math.min(Number(process.env.BENCH_SEND_EMAILS ?? '10000'), report.claimed);
    await db.sql`UPDATE reminder_emails SET next_attempt_at = '2100-01-01' WHERE id NOT IN (SELECT id FROM reminder_emails ORDER BY id LIMIT ${slice}::int)`;
    const t2 = performance.now();
    const sent = { sent: 0, retried: 0, failed: 0, in_doubt: 0 };
    await sendQueue(deps, asOf, sent);
    const sendS = (performance.now() - t2) / 1000;
    console.log(`send: ${sent.sent} emails to the local SendGrid in ${sendS.toFixed(2)} s = ${(sent.sent / sendS).toFixed(0)} emails/s with EMAIL_CONCURRENCY=${concurrency} (rate limit off; EMAIL_RATE_PER_SECOND paces production); ` +
      `of the ${slice} queued: ${sent.retried} to retry, ${sent.failed} failed, ${sent.in_doubt} in doubt`);
  } finally {
    await fake.close();
    await db.close();
    await bench.drop();
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
