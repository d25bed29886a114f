import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { timeBareCopy } from './bare-copy.js';
import { timeSchemaFloor } from './schema-floor.js';
import { adminClient, benchDatabaseUrl, createBenchDatabase, describeUrl, probe, type BenchDatabase } from './bench-db.js';
import type { ChildResult } from './import-child.js';
import { scaledCounts, writeLedgerCsv, type LedgerFiles } from './ledger-csv.js';

// The issue's aims, printed beside the figures (benchmarks report, they never fail on time).
const AIM_SECONDS = 30;
const AIM_RSS_MB = 300;

const root = fileURLToPath(new URL('../../', import.meta.url));
const childScript = fileURLToPath(new URL('./import-child.ts', import.meta.url));

/**
 * Import of a generated ledger (1M invoices, 100k customers, 800k payments, 20k disputes at BENCH_SCALE=1)
 * from CSV into a fresh database on the real Postgres, against a bare COPY of the same invoice file.
 */
export async function run(): Promise<void> {
  const url = benchDatabaseUrl();
  const server = await probe(url);
  if (!server.ok) {
    console.log(`import benchmark: skipped, it needs a real Postgres server and none answered at ${describeUrl(url)} ` +
      `(${server.reason}); set BENCH_DATABASE_URL`);
    return;
  }
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  if (!(scale > 0 && scale <= 10)) throw new Error(`BENCH_SCALE must be a number in (0, 10], got "${process.env.BENCH_SCALE}"`);
  const counts = scaledCounts(scale);

  const abort = new AbortController();
  const onSigint = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  const dir = await mkdtemp(join(tmpdir(), 'arbot-bench-'));
  const admin = adminClient(url);
  let db: BenchDatabase | null = null;
  try {
    console.log(`import benchmark: ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? '?'}), Node ${process.version}, ` +
      `PostgreSQL ${server.version} at ${describeUrl(url)}, BENCH_SCALE=${scale}, ${load()}`);
    let t = performance.now();
    const files = await writeLedgerCsv(dir, counts, { signal: abort.signal });
    console.log(`generated ${await describeFiles(files)} in ${secs((performance.now() - t) / 1000)} s`);

    db = await createBenchDatabase(admin, url);
    const target = await openDatabase({ databaseUrl: db.url, dataDir: '', max: 1 });
    try {
      await migrate(target.sql);
    } finally {
      await target.close();
    }
    const benchAdmin = adminClient(db.url);
    let copy: { seconds: number; rows: number };
    try {
      copy = await timeBareCopy(benchAdmin, files.invoices, abort.signal);
      // Start the import with no dirty pages left over from the COPY.
      await benchAdmin`CHECKPOINT`.catch(() => {});
    } finally {
      await benchAdmin.end();
    }

    t = performance.now();
    const result = await runChild(db.url, files, abort.signal);
    const wall = (performance.now() - t) / 1000;
    console.log(renderReport(result, copy, wall));
    const floorAdmin = adminClient(db.url);
    try {
      const floor = await timeSchemaFloor(floorAdmin, files.invoices, abort.signal);
      const invoices = result.sources.find((s) => s.kind === 'invoices');
      console.log(`arbot's schema alone: the same ${int(floor.rows)} invoices in one set-based INSERT into \`invoices\` ` +
        `(its indexes, foreign key, settlement and KPI triggers, an audit row each; no validation): ${secs(floor.seconds)} s, ` +
        `${(floor.seconds / copy.seconds).toFixed(1)}x the bare COPY; the import of invoices took ` +
        `${invoices ? (invoices.seconds / floor.seconds).toFixed(1) : '?'}x that`);
    } finally {
      await floorAdmin.end();
    }
    console.log(`at the end: ${load()}`);
  } finally {
    process.removeListener('SIGINT', onSigint);
    if (db) await db.drop().catch((err) => console.error(`could not drop ${db!.name}: ${(err as Error).message}`));
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Spawns import-child.ts under node with tsx; its stderr (first rejects, crashes) passes through. */
function runChild(databaseUrl: string, files: LedgerFiles, signal: AbortSignal): Promise<ChildResult> {
  const args = ['--import', 'tsx', childScript, '--database-url', databaseUrl,
    ...Object.entries(files).flatMap(([kind, file]) => [`--${kind}`, file])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], signal });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code, sig) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`import child failed (${sig ?? `exit ${code}`}): ${out.slice(-2000)}`));
      else resolve(JSON.parse(last) as ChildResult);
    });
  });
}

async function describeFiles(files: LedgerFiles): Promise<string> {
  let bytes = 0;
  for (const f of Object.values(files)) bytes += (await stat(f)).size;
  return `${Object.keys(files).length} CSV files (${(bytes / 1e6).toFixed(0)} MB)`;
}

/** Other work on the machine (tests, a second benchmark) inflates wall times: say how busy it was. */
const load = () => `load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1, 5, 15 min) on ${cpus().length} CPUs`;

const secs = (s: number) => s.toFixed(s < 10 ? 2 : 1);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function renderReport(r: ChildResult, copy: { seconds: number; rows: number }, wall: number): string {
  const head = ['kind', 'rows', 'seconds', 'rows/s', 'node cpu s', 'store s', 'inserted', 'rejected', 'unmatched', 'batch ms first/median/last/max'];
  const rows = r.sources.map((s) => [
    s.kind, int(s.rows), secs(s.seconds), int(s.rows / s.seconds), secs(s.cpu_seconds), secs(s.store_seconds), int(s.inserted), int(s.rejected),
    s.kind === 'payments' ? int(s.unmatched) : '', `${s.batch_ms.first}/${s.batch_ms.median}/${s.batch_ms.last}/${s.batch_ms.max}`,
  ]);
  const total = r.sources.reduce((n, s) => n + s.rows, 0);
  rows.push(['total', int(total), secs(r.total_seconds), int(total / r.total_seconds), secs(r.cpu_seconds),
    secs(r.sources.reduce((n, s) => n + s.store_seconds, 0)), '', '', '', '']);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const invoices = r.sources.find((s) => s.kind === 'invoices');
  const fatal = r.sources.filter((s) => s.fatal).map((s) => `  ${s.kind} stopped early: ${s.fatal}`);
  return [
    line(head),
    ...rows.map(line),
    ...fatal,
    `'store s' is wall time inside batch transactions, the rest of 'seconds' is CSV parsing and validation; ` +
      `'node cpu s' is the import process's CPU time (the server's is not counted)`,
    `import: ${secs(r.total_seconds)} s (aim < ${AIM_SECONDS} s); child process wall ${secs(wall)} s`,
    `peak RSS of the import process: ${(r.max_rss_kb / 1024).toFixed(0)} MB (aim < ${AIM_RSS_MB} MB; ${(r.rss_before_kb / 1024).toFixed(0)} MB before importing)`,
    `bare COPY of invoices.csv into an indexed table: ${secs(copy.seconds)} s for ${int(copy.rows)} rows (${int(copy.rows / copy.seconds)} rows/s)`,
    `ratio to bare COPY: invoices ${invoices ? (invoices.seconds / copy.seconds).toFixed(1) : '?'}x, whole import ${(r.total_seconds / copy.seconds).toFixed(1)}x`,
  ].join('\n');
}
