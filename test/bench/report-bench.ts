import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { postgresReportStore } from '../../adapters/postgres/report-store.js';
import { dateInZone } from '../../src/domain/calendar-date.js';
import { parseReportRequest, reportNames } from '../../src/domain/reports/report-request.js';
import { buildReport, type ReportDeps } from '../../src/services/reports.js';
import { generateKpiLedger } from './kpi-ledger-sql.js';

// `npx tsx test/bench/report-bench.ts`: each report on the 1M-invoice KPI ledger (kpi-ledger-sql.ts), median of 5
// runs after a warm-up. Prints figures; never asserts times. Aim: each report under 300 ms. The KPI ledger has no
// reminder emails, so the reminders report only measures its paid-invoice scan there.

const REPEAT = 5;
const AIM_MS = 300;

async function medianMs(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let k = 0; k < REPEAT; k++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

export async function run(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const admin = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  // REPORT_BENCH_DB=name keeps the generated ledger in that database and reuses it on the next run (tuning queries).
  const kept = process.env.REPORT_BENCH_DB;
  if (kept !== undefined && !/^[a-z_][a-z0-9_]*$/.test(kept)) throw new Error('REPORT_BENCH_DB: expected a database name of a-z, 0-9 and _');
  const name = kept ?? `arbot_reportbench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const u = new URL(url);
  u.pathname = `/${name}`;
  let db: Database | null = null;
  const exists = kept !== undefined && (await admin`SELECT 1 FROM pg_database WHERE datname = ${kept}`).length > 0;
  if (!exists) await admin.unsafe(`CREATE DATABASE ${name}`);
  try {
    db = await openDatabase({ databaseUrl: u.toString(), dataDir: '' });
    await migrate(db.sql);
    const today = dateInZone(new Date(), 'UTC');
    let t = performance.now();
    if (!exists) {
      await generateKpiLedger(db.sql, today);
      await db.sql`UPDATE customers SET strategic = true WHERE id % 50 = 0`;
      await db.sql`UPDATE disputes SET owner_id = (SELECT min(id) FROM owners) + id % 50`;
      await db.sql`VACUUM ANALYZE`;
      console.log(`ledger generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const deps: ReportDeps = { store: postgresReportStore(db.sql, 'UTC'), kpis: postgresKpiStore(db.sql, 'UTC'), zone: 'UTC' };
    const parsed = parseReportRequest({}, today);
    if (!parsed.ok) throw new Error(parsed.reason);
    for (const report of reportNames) {
      t = await medianMs(() => buildReport(deps, report, parsed.request));
      console.log(`  ${report.padEnd(10)} as of ${parsed.request.asOf}, month ${parsed.request.month}: ${t.toFixed(0)} ms (aim < ${AIM_MS} ms)`);
    }
  } finally {
    await db?.close();
    if (kept === undefined) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((err: Error) => console.error(`could not drop ${name}: ${err.message}`));
    await admin.end();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await run();
}
