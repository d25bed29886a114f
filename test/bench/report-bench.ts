import { loadavg, cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { renderChartPng } from '../../adapters/charts/png.js';
import { openDatabase, type Database } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { postgresReportStore } from '../../adapters/postgres/report-store.js';
import { trendChartData } from '../../blocks/charts/chart-data.js';
import { buildTrendChartSvg } from '../../blocks/charts/trend-chart-svg.js';
import { dateInZone } from '../../src/domain/calendar-date.js';
import { parseReportRequest, reportNames } from '../../src/domain/reports/report-request.js';
import { computeKpiTrend } from '../../src/services/compute-kpis.js';
import { buildReport, type ReportDeps } from '../../src/services/reports.js';
import { adminClient, benchDatabaseUrl, describeUrl } from './bench-db.js';
import { fullCounts, generateKpiLedger, type KpiLedgerCounts } from './kpi-ledger-sql.js';
import { generateReminderEmails } from './report-ledger-sql.js';

// `npm run bench -- reports` (or `npx tsx test/bench/report-bench.ts`): each report of `arbot report` (the same
// service, buildReport) on the 1M-invoice ledger of kpi-ledger-sql.ts plus a year of reminder emails
// (report-ledger-sql.ts), then one chart as GET /charts/<id>.png draws it (the 12-month trend read, its SVG, the
// PNG). p50 and max of RUNS runs after a warm-up, with the load average around them: the machine may be shared.
// Prints figures; never asserts times. Aim: each report under 300 ms, a chart under 200 ms.
//
// REPORT_BENCH_INVOICES=200000 builds a smaller ledger (every count scaled down alike); REPORT_BENCH_DB=name keeps
// the ledger in that database and reuses it on the next run (for tuning queries; drop it by hand afterwards).

const RUNS = 5;
const AIM_REPORT_MS = 300;
const AIM_CHART_MS = 200;

/** p50 and max wall time of RUNS runs after one warm-up run, in ms. */
async function timed(work: () => Promise<unknown>): Promise<{ p50: number; max: number }> {
  await work();
  const times: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, max: times.at(-1)! };
}

function scaled(invoices: number): KpiLedgerCounts {
  const f = invoices / fullCounts.invoices;
  const round = (n: number, to = 1) => Math.max(to, Math.round((n * f) / to) * to);
  return { customers: round(fullCounts.customers), owners: fullCounts.owners, invoices: round(fullCounts.invoices, 2), payments: round(fullCounts.payments), disputes: round(fullCounts.disputes) };
}

const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;

export async function run(): Promise<void> {
  const url = benchDatabaseUrl();
  const invoices = Number(process.env.REPORT_BENCH_INVOICES ?? fullCounts.invoices);
  if (!Number.isInteger(invoices) || invoices < 1000) throw new Error('REPORT_BENCH_INVOICES: expected a whole number of invoices, at least 1000');
  const counts = invoices === fullCounts.invoices ? fullCounts : scaled(invoices);
  const kept = process.env.REPORT_BENCH_DB;
  if (kept !== undefined && !/^[a-z_][a-z0-9_]*$/.test(kept)) throw new Error('REPORT_BENCH_DB: expected a database name of a-z, 0-9 and _');
  const admin = adminClient(url);
  const name = kept ?? `arbot_reportbench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const u = new URL(url);
  u.pathname = `/${name}`;
  let db: Database | null = null;
  const exists = kept !== undefined && (await admin`SELECT 1 FROM pg_database WHERE datname = ${kept}`).length > 0;
  if (!exists) await admin.unsafe(`CREATE DATABASE ${name}`);
  try {
    const [v] = await admin<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
    console.log(`reports benchmark: ${cpus().length} CPUs, Node ${process.version}, PostgreSQL ${v!.v} at ${describeUrl(u.toString())}; load average ${load()}`);
    db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    await migrate(db.sql);
    const today = dateInZone(new Date(), 'UTC');
    if (!exists) {
      const t = performance.now();
      await generateKpiLedger(db.sql, today, counts);
      await db.sql`UPDATE customers SET strategic = true WHERE id % 50 = 0`;
      await db.sql`UPDATE disputes SET owner_id = (SELECT min(id) FROM owners) + id % 50`;
      await generateReminderEmails(db.sql, today);
      await db.sql`VACUUM ANALYZE`;
      console.log(`ledger generated in ${((performance.now() - t) / 1000).toFixed(1)} s (load average ${load()})`);
    } else {
      console.log(`reusing the ledger in ${name}`);
    }
    const [n] = await db.sql<{ invoices: number; disputes: number; emails: number; reminders: number }[]>`
      SELECT (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM disputes)::int AS disputes,
             (SELECT count(*) FROM reminder_emails)::int AS emails, (SELECT count(*) FROM reminders)::int AS reminders`;
    console.log(`${n!.invoices.toLocaleString('en-US')} invoices, ${n!.disputes.toLocaleString('en-US')} disputes, ` +
      `${n!.emails.toLocaleString('en-US')} reminder emails (${n!.reminders.toLocaleString('en-US')} reminders)`);

    const deps: ReportDeps = { store: postgresReportStore(db.sql, 'UTC'), kpis: postgresKpiStore(db.sql, 'UTC'), zone: 'UTC' };
    const parsed = parseReportRequest({}, today);
    if (!parsed.ok) throw new Error(parsed.reason);
    console.log(`p50 / max of ${RUNS} runs after a warm-up, as of ${parsed.request.asOf}, month ${parsed.request.month}:`);
    for (const report of reportNames) {
      const r = await timed(() => buildReport(deps, report, parsed.request));
      console.log(`  report ${report.padEnd(10)} ${ms(r.p50).padStart(8)} / ${ms(r.max).padStart(8)}   aim < ${AIM_REPORT_MS} ms   (load ${load()})`);
    }
    // The chart GET /charts/<id>.png draws for /dso's summary: the 12-month trend of every currency.
    const kpi = { store: deps.kpis, zone: 'UTC', now: () => new Date() };
    const spec = { kind: 'trend' as const, asOf: today, segment: null, currency: null };
    let svg = '';
    const read = await timed(async () => { svg = buildTrendChartSvg(trendChartData(spec, await computeKpiTrend(kpi, { asOf: today }))); });
    const png = await timed(() => renderChartPng(svg));
    const whole = await timed(async () => renderChartPng(buildTrendChartSvg(trendChartData(spec, await computeKpiTrend(kpi, { asOf: today })))));
    console.log(`  chart trend: read + svg ${ms(read.p50)} / ${ms(read.max)}, png ${ms(png.p50)} / ${ms(png.max)}, ` +
      `all ${ms(whole.p50)} / ${ms(whole.max)}   aim < ${AIM_CHART_MS} ms   (load ${load()})`);
  } finally {
    await db?.close();
    if (kept === undefined) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((err: Error) => console.error(`could not drop ${name}: ${err.message}`));
    await admin.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
