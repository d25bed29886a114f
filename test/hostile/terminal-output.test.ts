import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/domain/text-safety.js';
import { childEnv, runArbot } from '../support/spawn-cli.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Imported text is data: printed by the CLI (import errors, cadence previews), an escape sequence or a bidi override
// from an ERP export must reach the terminal as visible text, never as an instruction to it.
describe('terminalSafe', () => {
  it.each([
    ['ESC sequences', 'Acme\x1b[2J\x1b[31m', 'Acme\\u001b[2J\\u001b[31m'],
    ['a right-to-left override', 'INV\u202e-1', 'INV\\u202e-1'],
    ['a zero-width space', 'INV\u200b-1', 'INV\\u200b-1'],
    ['a carriage return that would overwrite the line', 'ok\rFAKE', 'ok\\u000dFAKE'],
    ['plain text with tabs and newlines', 'a\tb\nc é 漢字', 'a\tb\nc é 漢字'],
  ])('shows %s visibly', (_name, input, shown) => {
    expect(terminalSafe(input)).toBe(shown);
  });

  it('keeps JSON valid and equal once parsed', () => {
    const value = { name: 'Acme\u202e\u200b', note: 'x\x1by' };
    expect(JSON.parse(terminalSafe(JSON.stringify(value)))).toEqual(value);
  });
});

describe('the arbot process', () => {
  let db: TestDb | null = null;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'arbot-term-'));
    if (process.env.DATABASE_URL) db = await openTestDb();
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints import errors about hostile cells with their control characters made visible', async () => {
    const file = join(dir, 'invoices.csv');
    await writeFile(file, [
      'external_id,number,customer_external_id,issue_date,due_date,currency,amount',
      'i1,INV-1,C-1,2026-01-01,2026-01-31,EUR,\x1b[2J\x1b[31m12',
    ].join('\r\n'));
    const env = childEnv(db?.url ? { DATABASE_URL: db.url, LOG_LEVEL: 'silent' } : { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent', DEMO_LEDGER: 'off' });
    const r = await runArbot(['import', '--invoices', file, '--dry-run'], env, { timeoutMs: 120_000 });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('invoices.csv:2: amount:');
    expect(r.stderr).toContain('\\u001b[2J');
    expect(r.stderr + r.stdout).not.toMatch(/\x1b/);
  }, 150_000);
});
