import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { parseLimitInput } from '../../src/domain/credit/limit-input.js';
import { capture, writeCsvFiles } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19 review: amounts are stored as int8 minor units. A credit limit (or an invoice amount) past that bound is
// refused on its row, naming the bound, and the other rows are stored (exit 3); before, the database refused the
// whole batch and the import ended with exit 1 and Postgres' words. The same bound holds for a limit typed in chat.

const now = () => new Date('2026-12-06T10:00:00Z');
const env = { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' };
let db: TestDb;

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now, env });
  return { code, out: out.text(), err: err.text() };
}

beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

describe('amounts past int8', () => {
  it('rejects the row of a credit limit past the bound and stores the others', async () => {
    const f = (await writeCsvFiles({
      customers: [
        'external_id,name,billing_email,credit_limit,credit_limit_currency',
        'B-1,Big,ap@b1.example,99999999999999999999999999999,EUR',
        'B-2,Fine,ap@b2.example,50000,EUR',
      ],
    })).customers!;
    const r = await cli('import', '--customers', f);
    expect(r.err).toBe(`${f}:2: credit_limit: at most 92233720368547758.07 EUR, got "99999999999999999999999999999"\n`);
    expect(r.code).toBe(3);
    expect(await db.sql`SELECT external_id, credit_limit_minor::text AS minor FROM customers ORDER BY external_id`).toEqual([{ external_id: 'B-2', minor: '5000000' }]);
  });

  it('rejects the row of an invoice amount past the bound and stores the others', async () => {
    const f = (await writeCsvFiles({
      invoices: [
        'external_id,number,customer_external_id,issue_date,due_date,currency,amount',
        'i1,INV-1,B-2,2026-11-01,2026-12-01,JPY,9223372036854775808',
        'i2,INV-2,B-2,2026-11-01,2026-12-01,EUR,100.00',
      ],
    })).invoices!;
    const r = await cli('import', '--invoices', f);
    expect(r.err).toBe(`${f}:2: amount: at most 9223372036854775807 JPY, got "9223372036854775808"\n`);
    expect(r.code).toBe(3);
    expect(await db.sql`SELECT number FROM invoices ORDER BY number`).toEqual([{ number: 'INV-2' }]);
  });

  it('refuses a limit typed in chat past the bound, with the bound', () => {
    expect(parseLimitInput('EUR 99999999999999999999', null)).toEqual({ ok: false, reason: 'at most 92233720368547758.07 EUR, got "99999999999999999999"' });
  });
});
