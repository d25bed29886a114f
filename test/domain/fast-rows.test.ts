import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastInvoice, fastPayment } from '../../src/domain/import/fast-rows.js';
import { parseLedgerRow, parseLedgerRowBySchema } from '../../src/domain/import/ledger-rows.js';

// Invoices and payments skip zod when every cell is plainly valid (src/domain/import/fast-rows.ts). Whatever the
// cells, the answer must be exactly the schemas' answer: same values, same errors.

const tricky = fc.constantFrom('', ' ', '  x  ', 'INV-1', 'eur', 'EUR', 'USD', 'JPY', 'KWD', 'XXX', 'E UR', '2026-02-29', '2024-02-29',
  '2026-13-01', '2026-1-01', '2026-03-31', ' 2026-03-31 ', '0', '0.00', '-1.00', '12.345', '1,000.00', '1e3', '00012.50', '12.5',
  '100', '999999999999999999999', '\u0000', 'a\u0000b', 'Ünïcödé', ' ref INV-7 ', 'x'.repeat(300), 'x'.repeat(2000), 'x'.repeat(2001));
const cellValue = fc.oneof(tricky, fc.string({ maxLength: 12 }), fc.stringMatching(/^\d{1,6}(\.\d{1,3})?$/), fc.stringMatching(/^20\d\d-[01]\d-[0-3]\d$/));

const invoiceCols = ['external_id', 'number', 'customer_external_id', 'issue_date', 'due_date', 'currency', 'amount', 'client_reference', 'po_number', 'pay_url', 'proof_url'];
const paymentCols = ['external_id', 'customer_external_id', 'received_date', 'currency', 'amount', 'reference', 'invoice_number'];
const rows = (cols: string[]) => fc.dictionary(fc.constantFrom(...cols), cellValue);

const valid = {
  invoices: { external_id: 'I-1', number: 'INV-1', customer_external_id: 'C-1', issue_date: '2026-03-01', due_date: '2026-03-31', currency: 'EUR', amount: '1200.50' },
  payments: { external_id: 'P-1', customer_external_id: 'C-1', received_date: '2026-03-05', currency: 'JPY', amount: '5000', reference: 'INV-1' },
} as const;

describe('the fast path of invoice and payment rows', () => {
  it.each(['invoices', 'payments'] as const)('answers %s exactly as the schemas do, for any cells', (kind) => {
    fc.assert(fc.property(rows(kind === 'invoices' ? invoiceCols : paymentCols), (cells) => {
      expect(parseLedgerRow(kind, cells)).toEqual(parseLedgerRowBySchema(kind, cells));
    }), { numRuns: 3000, seed: 20261122 });
  });

  it.each(['invoices', 'payments'] as const)('answers plainly valid %s rows, and rows one cell away from them, as the schemas do', (kind) => {
    const base: Record<string, string> = { ...valid[kind] };
    fc.assert(fc.property(fc.constantFrom(...Object.keys(base)), cellValue, (col, v) => {
      const cells = { ...base, [col]: v };
      expect(parseLedgerRow(kind, cells)).toEqual(parseLedgerRowBySchema(kind, cells));
    }), { numRuns: 3000, seed: 20261122 });
    expect(parseLedgerRow(kind, base)).toMatchObject({ ok: true });
    // The fast path does take the plain rows (otherwise this test would compare the schemas with themselves).
    expect((kind === 'invoices' ? fastInvoice : fastPayment)(base)).not.toBeNull();
  });
});
