import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { ledgerCsv, writeCsvFiles } from '../support/csv-files.js';
import { childEnv, runArbot, startArbot } from '../support/spawn-cli.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The CLI's own surface: help that lists every command, per-command --help, --version, one-line usage errors, and
// --json output that is JSON alone on stdout (logs on stderr), run here and through a running server.

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
// Never opened: help, version and usage errors are answered before any database.
const noDb = { DATA_DIR: '/nonexistent-arbot-data-dir' };

async function cli(...argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d: Buffer) => (o += d.toString()));
  err.on('data', (d: Buffer) => (e += d.toString()));
  const code = await runCli(argv, { out, err, env: noDb });
  return { code, out: o, err: e };
}

const commands = ['serve', 'migrate', 'import', 'kpi', 'cadence', 'policy', 'jobs', 'check', 'demo', 'fees', 'report', 'payment-methods', 'portal', 'statement'];

describe('arbot help and --version', () => {
  it('lists every command', async () => {
    const r = await cli('help');
    expect(r.code).toBe(0);
    for (const c of commands) expect(r.out).toMatch(new RegExp(`^  arbot ${c}\\b`, 'm'));
    expect(r.out).toContain('arbot check [--limit N] [--json] verify every ledger invariant and derived table against a rebuild');
    expect(r.out).toMatch(/arbot cadence run\|preview/);
    expect(r.out).toMatch(/arbot jobs run NAME\|all/);
    expect(r.out).toMatch(/arbot fees export \[--since YYYY-MM-DD\] \[--format csv\|json\] \[--mark\]/);
    expect(r.out).toMatch(/arbot policy statements \[show\|load FILE\.json\]/);
    expect(r.out).toMatch(/arbot fees resolve CUSTOMER_ID --told\|--not-told \[--invoice NUMBER\] \[--by EMAIL\]/);
    expect(r.out).toMatch(/arbot policy terms \[show\|load FILE\.json\]/);
  });

  it.each(commands.flatMap((c) => [[c, '--help'], [c, '-h']]))('arbot %s %s prints that command\'s usage and exits 0', async (command, flag) => {
    const r = await cli(command, flag);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^  arbot ${command}\\b`, 'm'));
    // Only that command's lines, not the whole help.
    for (const other of commands.filter((c) => c !== command)) expect(r.out).not.toMatch(new RegExp(`^  arbot ${other}\\b`, 'm'));
  });

  it.each([['--version'], ['-v'], ['version']])('arbot %s prints the version of package.json', async (flag) => {
    const r = await cli(flag);
    expect(r).toEqual({ code: 0, out: `arbot ${version}\n`, err: '' });
  });

  it('answers --help from the real entry point', async () => {
    const r = await runArbot(['kpi', '--help'], childEnv(noDb));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^  arbot kpi \[--as-of YYYY-MM-DD\]/m);
  }, 60_000);
});

describe('usage errors', () => {
  it.each([
    [['import', '--foo'], "arbot: unknown option --foo for import; see 'arbot import --help'\n"],
    [['kpi', '--month', '3'], "arbot: unknown option --month for kpi; see 'arbot kpi --help'\n"],
    [['kpi', '--as-of'], "arbot: option --as-of needs a value; see 'arbot kpi --help'\n"],
    [['cadence', 'preview', '--json=yes'], "arbot: option --json takes no value; see 'arbot cadence --help'\n"],
    [['cadence', 'walk'], "arbot: unknown subcommand walk for cadence (run, preview or stats); see 'arbot cadence --help'\n"],
    [['jobs', 'run', 'alerts', 'cadence'], "arbot: unexpected argument cadence for jobs run: name one job or all; see 'arbot jobs --help'\n"],
    [['policy'], "arbot: name what to do: policy list, show or load; see 'arbot policy --help'\n"],
    [['policy', 'statements', 'weekly'], "arbot: unknown subcommand weekly for policy statements (show or load FILE.json); see 'arbot policy --help'\n"],
    [['policy', 'terms', 'extend'], "arbot: unknown subcommand extend for policy terms (show or load FILE.json); see 'arbot policy --help'\n"],
    [['serve', '--role', 'boss'], "arbot: --role boss: expected web, worker or all; see 'arbot serve --help'\n"],
    [['frobnicate'], "arbot: unknown command frobnicate; see 'arbot help'\n"],
    [['--frobnicate'], "arbot: unknown option --frobnicate; see 'arbot help'\n"],
  ])('%j: one line and a hint, exit 2, nothing on stdout', async (argv, line) => {
    const r = await cli(...argv);
    expect(r).toEqual({ code: 2, out: '', err: line });
  });
});

describe('--json prints JSON alone on stdout', () => {
  let db: TestDb;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let files: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDb();
    dataDir = await mkdtemp(join(tmpdir(), 'arbot-cli-json-'));
    files = await writeCsvFiles({ owners: ledgerCsv.owners, customers: ledgerCsv.customers, invoices: ledgerCsv.invoices });
    // The test's server database when there is one; else an embedded DATA_DIR of the children's own.
    env = childEnv({
      ...(db.url ? { DATABASE_URL: db.url } : {}), DATA_DIR: join(dataDir, 'data'), COMPANY_TIMEZONE: 'UTC', SCHEDULER: 'off',
    });
    if (!db.url) await db.close();
  });
  afterAll(async () => {
    if (db.url) await db.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    [['import', '--owners', '<owners>', '--customers', '<customers>', '--invoices', '<invoices>', '--json']],
    [['kpi', '--as-of', '2026-03-31', '--json']],
    [['cadence', 'preview', '--as-of', '2026-03-31T10:00Z', '--json']],
    [['cadence', 'run', '--as-of', '2026-03-31T10:00Z', '--json']],
    [['cadence', 'stats', '--since', '2026-01-01', '--json']],
    [['jobs', 'run', 'all', '--as-of', '2026-03-31T10:00Z', '--json']],
  ])('%j', async (argv) => {
    const r = await runArbot(argv.map((a) => (/^<\w+>$/.test(a) ? files[a.slice(1, -1)]! : a)), env);
    expect(r.code, r.stderr).toBe(0);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stdout.endsWith('}\n')).toBe(true);
  }, 90_000);
});

describe('--json through a running server (embedded DATA_DIR)', () => {
  it('stdout is the JSON alone; the server\'s logs for the command reach stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'arbot-cli-fwd-'));
    const env = childEnv({ DATA_DIR: join(dir, 'data'), PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', COMPANY_TIMEZONE: 'UTC' });
    try {
      const app = await startArbot(env);
      try {
        const r = await runArbot(['cadence', 'preview', '--as-of', '2026-03-31T10:00Z', '--json'], env);
        expect(r.code, r.stderr).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ dry_run: true, as_of: '2026-03-31T10:00:00.000Z' });
      } finally {
        app.child.kill('SIGTERM');
        await app.exited;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
