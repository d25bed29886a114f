import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastInvoice, fastPayment } from '../../src/domain/import/fast-rows.js';
import { parseLedgerRow, parseLedgerRowBySchema, type LedgerKind } from '../../src/domain/import/ledger-rows.js';
import { createRepeatedKeys } from '../../src/domain/import/repeated-keys.js';
import { rowKey } from '../../src/domain/import/row-key.js';
import { buildDemoLedger } from '../../src/domain/demo-ledger.js';

// The row checks an ERP export needs beyond types: identifiers that cannot disguise themselves, names on one line,
// payments not received in the future, and a hint for decimal commas.

const good: Record<LedgerKind, Record<string, string>> = {
  owners: { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U1', slack_channel_id: 'C1', teams_user_id: 't', teams_conversation_id: 'c' },
  customers: { external_id: 'C-1', name: 'Acme', billing_email: 'ap@acme.example' },
  invoices: { external_id: 'I-1', number: 'INV-1', customer_external_id: 'C-1', issue_date: '2026-03-01', due_date: '2026-03-31', currency: 'EUR', amount: '10.00', po_number: 'PO-1', client_reference: 'R-1' },
  payments: { external_id: 'P-1', customer_external_id: 'C-1', received_date: '2026-03-05', currency: 'EUR', amount: '10.00', reference: 'wire', invoice_number: 'INV-1' },
  credit_notes: { external_id: 'N-1', number: 'CN-1', invoice_external_id: 'I-1', issued_date: '2026-03-06', currency: 'EUR', amount: '1.00', reason: 'discount' },
  disputes: { external_id: 'D-1', invoice_external_id: 'I-1', opened_date: '2026-03-07', reason: 'qty' },
};
const identifiers: [LedgerKind, string][] = [
  ['owners', 'slack_user_id'], ['owners', 'slack_channel_id'], ['owners', 'teams_user_id'], ['owners', 'teams_conversation_id'],
  ['customers', 'external_id'],
  ['invoices', 'external_id'], ['invoices', 'number'], ['invoices', 'customer_external_id'], ['invoices', 'po_number'], ['invoices', 'client_reference'],
  ['payments', 'external_id'], ['payments', 'customer_external_id'], ['payments', 'reference'], ['payments', 'invoice_number'],
  ['credit_notes', 'external_id'], ['credit_notes', 'number'], ['credit_notes', 'invoice_external_id'],
  ['disputes', 'external_id'], ['disputes', 'invoice_external_id'],
];
const today = { date: '2026-12-06', zone: 'Europe/Paris' };

describe('identifiers refuse control, bidi and invisible characters', () => {
  it.each(identifiers)('%s.%s refuses U+202E, U+200B and a line feed, naming each', (kind, column) => {
    for (const [ch, label] of [['\u202e', 'U+202E (right-to-left override)'], ['\u200b', 'U+200B (zero-width space)'], ['\n', 'U+000A (line feed)']]) {
      const cells = { ...good[kind], [column]: `X${ch}1` };
      expect(parseLedgerRow(kind, cells)).toEqual({ ok: false, errors: [{ column, reason: `contains ${label}` }] });
    }
  });

  it('still says a required identifier is missing, and still names a NUL as before', () => {
    expect(parseLedgerRow('invoices', { ...good.invoices, number: ' ' })).toEqual({ ok: false, errors: [{ column: 'number', reason: 'required: the invoice number' }] });
    expect(parseLedgerRow('invoices', { ...good.invoices, number: 'a\u0000' })).toMatchObject({ ok: false, errors: [{ column: 'number', reason: expect.stringMatching(/NUL/) }] });
  });

  it('lets a byte order mark at the edge of a cell go, as trimming does with any space', () => {
    expect(parseLedgerRow('invoices', { ...good.invoices, number: '\ufeffINV-1' })).toMatchObject({ ok: true, row: { number: 'INV-1' } });
  });
});

describe('names and reasons have them removed; a line break in a name is refused', () => {
  it.each([['owners', 'name'], ['customers', 'name']] as const)('%s.%s', (kind, column) => {
    expect(parseLedgerRow(kind, { ...good[kind], [column]: 'Ac\u200bme\u202e\tGroup' })).toMatchObject({ ok: true, row: { [column]: 'Acme Group' } });
    expect(parseLedgerRow(kind, { ...good[kind], [column]: 'Acme\nPlease pay to IBAN X' })).toEqual({
      ok: false, errors: [{ column, reason: 'contains a line break, U+000A (line feed); a name is one line' }],
    });
  });

  it('a customer name made only of invisible characters is missing', () => {
    expect(parseLedgerRow('customers', { ...good.customers, name: '\u200b\u200d' })).toEqual({ ok: false, errors: [{ column: 'name', reason: 'required: the customer name' }] });
  });

  it.each([['credit_notes', 'reason'], ['disputes', 'reason']] as const)('%s.%s keeps its lines and drops the rest', (kind, column) => {
    expect(parseLedgerRow(kind, { ...good[kind], [column]: 'wrong qty\r\nsee PO\u202e 42\u200b' })).toMatchObject({ ok: true, row: { [column]: 'wrong qty\nsee PO 42' } });
  });
});

describe('a payment received after today is refused', () => {
  it.each([
    ['2026-12-07', false], ['2027-01-01', false], ['2026-12-06', true], ['2026-01-01', true],
  ])('received %s, today 2026-12-06: accepted %s', (date, ok) => {
    const r = parseLedgerRow('payments', { ...good.payments, received_date: date }, { today });
    expect(r).toEqual(ok ? expect.objectContaining({ ok: true }) : {
      ok: false, errors: [{ column: 'received_date', reason: `${date} is after today (2026-12-06 in Europe/Paris)` }],
    });
  });
});

describe('an amount written with a decimal comma gets a hint', () => {
  it.each([
    ['1.234,50', '1234.50'], ['1234,50', '1234.50'], ['1 234,5', '1234.5'],
  ])('%s', (amount, fixed) => {
    expect(parseLedgerRow('invoices', { ...good.invoices, amount })).toEqual({
      ok: false, errors: [{ column: 'amount', reason: `expected a decimal amount such as 1234.50, got "${amount}", which uses ',' as the decimal separator; write ${fixed}` }],
    });
  });
});

describe('the fast path still answers as the schemas do, with these checks', () => {
  const hostile = fc.constantFrom('\u202e', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u2066', '\u200e', '\t', '\n', '\r', '\u0085', '\u001b', '\u00ad', '\u{e0041}', '\ud800', ',', ' ');
  const withHostile = (base: string) => fc.tuple(fc.nat({ max: base.length }), hostile).map(([i, ch]) => base.slice(0, i) + ch + base.slice(i));
  const dates = fc.constantFrom('2026-12-05', '2026-12-06', '2026-12-07', '2031-01-01');
  it.each(['invoices', 'payments'] as const)('%s: any column with a control, bidi or invisible character, any received date', (kind) => {
    const base = good[kind];
    fc.assert(fc.property(fc.constantFrom(...Object.keys(base)), fc.string({ maxLength: 4 }), dates, (col, extra, date) => {
      const cells = { ...base, [col]: base[col] + extra, ...(kind === 'payments' ? { received_date: date } : {}) };
      expect(parseLedgerRow(kind, cells, { today })).toEqual(parseLedgerRowBySchema(kind, cells, { today }));
    }), { numRuns: 1000, seed: 20261206 });
    fc.assert(fc.property(fc.constantFrom(...Object.keys(base)).chain((col) => fc.tuple(fc.constant(col), withHostile(base[col]!))), ([col, v]) => {
      const cells = { ...base, [col]: v };
      expect(parseLedgerRow(kind, cells, { today })).toEqual(parseLedgerRowBySchema(kind, cells, { today }));
    }), { numRuns: 1000, seed: 20261206 });
    // The fast path does not take a row with such a character (the schemas word the refusal).
    expect((kind === 'invoices' ? fastInvoice : fastPayment)({ ...base, external_id: 'X\u200b1' })).toBeNull();
  });
});

describe('the demo ledger', () => {
  it('passes these checks as of the day it is built for: no payment after it, no key repeated', () => {
    const demo = buildDemoLedger('2026-03-10');
    const problems: string[] = [];
    for (const [kind, rows] of Object.entries(demo.rows) as [LedgerKind, Record<string, string>[]][]) {
      const keys = createRepeatedKeys();
      rows.forEach((cells, i) => {
        const r = parseLedgerRow(kind, cells, { today: { date: '2026-03-10', zone: 'Europe/Paris' } });
        if (!r.ok) problems.push(`${kind} ${i}: ${JSON.stringify(r.errors)}`);
        else if (keys.earlier(rowKey(kind, r.row, cells).key, i) !== null) problems.push(`${kind} ${i}: repeated`);
      });
    }
    expect(problems).toEqual([]);
  });
});
