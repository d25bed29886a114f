import { pathToFileURL } from 'node:url';
import { cpus } from 'node:os';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { addDaysToDate, dateInZone } from '../../src/domain/calendar-date.js';
import { computeKpiBreakdown, computeKpis, computeKpiTrend, type KpiDeps } from '../../src/services/compute-kpis.js';
import { dsoReport } from '../../src/services/chat-commands/dso-report.js';
import { fullCounts, generateKpiLedger } from './kpi-ledger-sql.js';

// `npx tsx test/bench/kpi-bench.ts`, or runKpiBench() from run.ts. Prints figures; never asserts times.
// It needs the real server (BENCH_DATABASE_URL, else DATABASE_URL, else the machine's local Postgres) and
// creates, then drops, its own database arbot_kpibench_<timestamp>.

const AIM_TODAY_MS = 100;
const AIM_PAST_MS = 1000;
const REPEAT = 7;

const benchUrl = () => process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const where = (url: string) => { const u = new URL(url); return `${u.hostname}:${u.port || 5432}${u.pathname}`; };

/** Median wall time of `repeat` runs after one warm-up run, in ms. */
async function medianMs(work: () => Promise<unknown>, repeat = REPEAT): Promise<number> {
  await work();
  const times: number[] = [];
  for (let k = 0; k < repeat; k++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

export async function runKpiBench(): Promise<void> {
  const url = benchUrl();
  const admin = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  let version: string;
  try {
    const [r] = await admin<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
    version = r!.version;
  } catch (err) {
    console.log(`kpi benchmark: skipped, no Postgres server answered at ${where(url)} (${(err as Error).message}); set BENCH_DATABASE_URL`);
    await admin.end({ timeout: 1 }).catch(() => {});
    return;
  }
  const name = `arbot_kpibench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const u = new URL(url);
  u.pathname = `/${name}`;
  let db: Database | null = null;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  try {
    console.log(`kpi benchmark: ${cpus().length} CPUs, Node ${process.version}, PostgreSQL ${version} at ${where(u.toString())}`);
    db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    await migrate(db.sql);
    const today = dateInZone(new Date(), 'UTC');
    let t = performance.now();
    await generateKpiLedger(db.sql, today);
    const loadS = (performance.now() - t) / 1000;
    t = performance.now();
    await db.sql`VACUUM ANALYZE`;
    const [n] = await db.sql<{ invoices: number; payments: number; allocations: number; disputes: number; open_now: number; disputes_open: number; daily_rows: number }[]>`
      SELECT (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM payments)::int AS payments,
             (SELECT count(*) FROM payment_allocations)::int AS allocations, (SELECT count(*) FROM disputes)::int AS disputes,
             (SELECT count(*) FROM invoice_settlements WHERE settled_on IS NULL)::int AS open_now,
             (SELECT count(*) FROM kpi_daily)::int AS daily_rows,
             (SELECT count(*) FROM disputes WHERE closed_at IS NULL)::int AS disputes_open`;
    console.log(`generated in SQL in ${loadS.toFixed(1)} s (VACUUM ANALYZE ${((performance.now() - t) / 1000).toFixed(1)} s): ` +
      `${n!.invoices.toLocaleString('en-US')} invoices over three years to ${today}, ${n!.payments.toLocaleString('en-US')} payments ` +
      `(${n!.allocations.toLocaleString('en-US')} allocations), ${n!.disputes.toLocaleString('en-US')} disputes ` +
      `(${n!.disputes_open.toLocaleString('en-US')} open); ${n!.open_now.toLocaleString('en-US')} invoices open today; ` +
      `kpi_daily: ${n!.daily_rows.toLocaleString('en-US')} rows`);

    const deps: KpiDeps = { store: postgresKpiStore(db.sql, 'UTC'), zone: 'UTC', now: () => new Date() };
    const yearBack = addDaysToDate(today, -365);
    const sql = db.sql;
    const bare = await medianMs(() => sql`SELECT sum(amount_minor) FROM invoices`);
    const now = await medianMs(() => computeKpis(deps, { asOf: today }));
    const past = await medianMs(() => computeKpis(deps, { asOf: yearBack }));
    const oneCurrency = await medianMs(() => computeKpis(deps, { asOf: today, currency: 'EUR' }));
    const segment = await medianMs(() => computeKpis(deps, { asOf: today, segment: 'top' }));
    const trend = await medianMs(() => computeKpiTrend(deps, { asOf: today }), 3);
    const segmentTrend = await medianMs(() => computeKpiTrend(deps, { asOf: today, segment: 'top' }), 3);
    const bySegment = await medianMs(() => computeKpiBreakdown(deps, { asOf: today }, 'segment'), 3);
    const byOwner = await medianMs(() => computeKpiBreakdown(deps, { asOf: today }, 'sales_owner'), 3);
    // What /dso computes (KPIs, trend, largest overdue customers), without the Slack round trip; aim under 3 s.
    const dso = await medianMs(() => dsoReport(deps, { asOf: today, segment: null }), 3);
    const dsoTop = await medianMs(() => dsoReport(deps, { asOf: today, segment: 'top' }), 3);
    const report = await computeKpis(deps, { asOf: today });
    console.log([
      `median of ${REPEAT} runs after a warm-up (trend and breakdowns: of 3):`,
      `  bare SELECT sum(amount_minor) FROM invoices   ${ms(bare)}`,
      `  KPIs today (${today}), all currencies        ${ms(now)}   aim < ${AIM_TODAY_MS} ms and < the bare scan`,
      `  KPIs a year back (${yearBack})               ${ms(past)}   aim < ${AIM_PAST_MS} ms`,
      `  KPIs today, --currency EUR                    ${ms(oneCurrency)}`,
      `  KPIs today, --segment top                     ${ms(segment)}`,
      `  12-month trend                                ${ms(trend)}`,
      `  12-month trend, --segment top                 ${ms(segmentTrend)}`,
      `  breakdown by segment                          ${ms(bySegment)}`,
      `  breakdown by sales owner (50)                 ${ms(byOwner)}`,
      `  /dso report (KPIs, trend, top 5 overdue)      ${ms(dso)}   aim < 3000 ms (Slack's deadline)`,
      `  /dso report, segment top                      ${ms(dsoTop)}`,
      `USD today: ${JSON.stringify(report.currencies.find((c) => c.currency === 'USD'))}`,
    ].join('\n'));
  } finally {
    await db?.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((err: Error) => console.error(`could not drop ${name}: ${err.message}`));
    await admin.end();
  }
}

export { runKpiBench as run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runKpiBench();
}
