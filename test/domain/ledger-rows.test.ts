import { describe, expect, it } from 'vitest';
import { cellsFromJson, parseLedgerRow } from '../../src/domain/import/ledger-rows.js';
import { buildDemoLedger } from '../../src/domain/demo-ledger.js';

const invoice = {
  external_id: 'erp-1', number: 'INV-1', customer_external_id: 'C-1', issue_date: '2026-03-01', due_date: '2026-03-31',
  currency: 'EUR', amount: '1200.50', po_number: '', client_reference: '', proof_url: '', pay_url: '',
};
const customer = {
  external_id: 'C-1', name: 'Acme', segment: '', strategic: '', timezone: '', billing_email: 'ap@acme.example',
  escalation_email: '', sales_owner_email: '', delivery_owner_email: '', locale: '',
};

describe('parseLedgerRow', () => {
  it('reads a valid invoice into typed fields with minor units', () => {
    expect(parseLedgerRow('invoices', invoice)).toEqual({
      ok: true,
      row: {
        external_id: 'erp-1', number: 'INV-1', customer_external_id: 'C-1', issue_date: '2026-03-01', due_date: '2026-03-31',
        currency: 'EUR', amount_minor: 120050n, po_number: null, client_reference: null, proof_url: null, pay_url: null,
        payment_terms: null,
        // A row without a payment_terms column keeps the stored terms (keptWhenAbsent); one with it, even empty, does not.
        absent_columns: ['payment_terms'],
      },
    });
    const withColumn = parseLedgerRow('invoices', { ...invoice, payment_terms: '' });
    expect(withColumn.ok && 'absent_columns' in withColumn.row).toBe(false);
  });

  it('reads an invoice\'s own payment terms with the customers\' parser, and names a bad one', () => {
    expect(parseLedgerRow('invoices', { ...invoice, payment_terms: ' 2/10  NET 30 ' })).toMatchObject({
      ok: true, row: { payment_terms: { text: '2/10 net 30', netDays: 30, discount: { bp: 200, days: 10 } } },
    });
    expect(parseLedgerRow('invoices', { ...invoice, payment_terms: '2/30 net 30' })).toEqual({
      ok: false, errors: [{ column: 'payment_terms', reason: 'discount days (30) must be fewer than net days (30)' }],
    });
  });

  it('applies customer defaults: standard segment, not strategic, locale en, no time zone (company default later)', () => {
    const r = parseLedgerRow('customers', customer);
    expect(r).toMatchObject({ ok: true, row: { segment: 'standard', strategic: false, locale: 'en', timezone: null, billing_email: ['ap@acme.example'] } });
  });

  it('splits several billing emails on ";" and lower-cases them', () => {
    const r = parseLedgerRow('customers', { ...customer, billing_email: 'AP@acme.example; billing@acme.example' });
    expect(r).toMatchObject({ ok: true, row: { billing_email: ['ap@acme.example', 'billing@acme.example'] } });
  });

  it.each([
    ['invoices', 'external_id', { ...invoice, external_id: '' }, /required/],
    ['invoices', 'due_date', { ...invoice, due_date: '2026-02-30' }, /YYYY-MM-DD, got "2026-02-30"/],
    ['invoices', 'issue_date', { ...invoice, issue_date: '01/03/2026' }, /YYYY-MM-DD/],
    ['invoices', 'due_date', { ...invoice, due_date: '2026-02-01' }, /before issue_date/],
    ['invoices', 'currency', { ...invoice, currency: 'EURO' }, /ISO 4217/],
    ['invoices', 'amount', { ...invoice, amount: '1,200.50' }, /decimal amount/],
    ['invoices', 'amount', { ...invoice, amount: '12.345' }, /EUR allows 2 decimals/],
    ['invoices', 'amount', { ...invoice, currency: 'JPY', amount: '12.5' }, /JPY has no decimals/],
    ['invoices', 'amount', { ...invoice, amount: '0' }, /more than zero/],
    ['invoices', 'amount', { ...invoice, amount: '-5' }, /more than zero/],
    ['invoices', 'pay_url', { ...invoice, pay_url: 'javascript:alert(1)' }, /http\(s\) URL/],
    ['customers', 'billing_email', { ...customer, billing_email: '' }, /required/],
    ['customers', 'billing_email', { ...customer, billing_email: 'ap@acme.example;nope' }, /not an email address: "nope"/],
    ['customers', 'segment', { ...customer, segment: 'vip' }, /one of top, standard, at_risk/],
    ['customers', 'timezone', { ...customer, timezone: 'Paris' }, /IANA time zone/],
    ['customers', 'strategic', { ...customer, strategic: 'maybe' }, /true or false/],
    ['customers', 'locale', { ...customer, locale: 'not a locale!' }, /BCP 47/],
    ['owners', 'team', { email: 'ana@x.example', team: 'marketing' }, /one of sales, delivery, finance/],
    ['owners', 'email', { email: 'ana', team: 'sales' }, /not an email/],
    ['payments', 'received_date', { external_id: 'P1', customer_external_id: 'C-1', received_date: '2026-3-1', currency: 'EUR', amount: '1' }, /YYYY-MM-DD/],
    ['disputes', 'closed_date', { invoice_external_id: 'erp-1', opened_date: '2026-03-01', status: 'resolved' }, /required when status is resolved/],
    ['disputes', 'status', { invoice_external_id: 'erp-1', opened_date: '2026-03-01', closed_date: '2026-03-02' }, /closed_date is set/],
    ['disputes', 'closed_date', { invoice_external_id: 'erp-1', opened_date: '2026-03-05', status: 'resolved', closed_date: '2026-03-02' }, /before opened_date/],
    ['disputes', 'status', { invoice_external_id: 'erp-1', opened_date: '2026-03-05', status: 'lost' }, /one of to_clarify/],
    ['invoices', 'client_reference', { ...invoice, client_reference: 'r'.repeat(2001) }, /is 2001 characters long; at most 2000/],
    ['invoices', 'number', { ...invoice, number: 'N'.repeat(5000) }, /is 5000 characters long; at most 2000/],
    ['customers', 'name', { ...customer, name: 'Acme '.repeat(41) }, /is 204 characters long; a name may have at most 200/],
    ['owners', 'name', { email: 'ana@x.example', team: 'sales', name: 'A'.repeat(201) }, /at most 200/],
    ['disputes', 'reason', { invoice_external_id: 'erp-1', opened_date: '2026-03-01', reason: 'why? '.repeat(401) }, /at most 2000/],
  ] as const)('rejects a bad %s row, naming %s', (kind, column, cells, reason) => {
    const r = parseLedgerRow(kind, cells as Record<string, string>);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const e = r.errors.find((x) => x.column === column);
      expect(e, JSON.stringify(r.errors)).toBeDefined();
      expect(e!.reason).toMatch(reason);
    }
  });

  it('accepts text up to the limits', () => {
    expect(parseLedgerRow('invoices', { ...invoice, client_reference: 'r'.repeat(2000) }).ok).toBe(true);
    expect(parseLedgerRow('customers', { ...customer, name: `  ${'A'.repeat(200)}  ` }).ok).toBe(true);
  });

  it('reports every bad column of a row at once', () => {
    const r = parseLedgerRow('invoices', { ...invoice, number: '', due_date: 'soon', currency: 'XX' });
    expect(r.ok ? [] : r.errors.map((e) => e.column).sort()).toEqual(['currency', 'due_date', 'number']);
  });

  it('gives an imported dispute a stable key from its invoice and opening date', () => {
    const r = parseLedgerRow('disputes', { invoice_external_id: 'erp-1', opened_date: '2026-03-01' });
    expect(r).toMatchObject({ ok: true, row: { external_id: 'erp-1@2026-03-01', status: 'to_clarify' } });
  });
});

describe('cellsFromJson', () => {
  it('accepts strings, plain numbers, booleans, null and lists of emails', () => {
    expect(cellsFromJson({ amount: 1200.5, strategic: true, po_number: null, billing_email: ['a@x.example', 'b@x.example'] }))
      .toEqual({ ok: true, cells: { amount: '1200.5', strategic: 'true', po_number: '', billing_email: 'a@x.example;b@x.example' } });
  });

  it.each([
    [1e21, /decimal string/], [0.1 + 0.2, /decimal string/], [{ nested: 1 }, /expected text/],
  ])('refuses the value %s', (value, reason) => {
    const r = cellsFromJson({ amount: value });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.reason).toMatch(reason);
  });

  it.each([[null], [[1, 2]], ['text']])('refuses a non-object item %j', (item) => {
    expect(cellsFromJson(item).ok).toBe(false);
  });
});

describe('demo ledger', () => {
  it('is made only of rows the importer accepts', () => {
    const demo = buildDemoLedger('2026-03-10');
    for (const [kind, rows] of Object.entries(demo.rows)) {
      for (const cells of rows) {
        const r = parseLedgerRow(kind as never, cells);
        expect(r.ok ? [] : r.errors, `${kind} ${JSON.stringify(cells)}`).toEqual([]);
      }
    }
    expect(demo.rows.customers.map((c) => c.segment)).toEqual(expect.arrayContaining(['top', 'standard', 'at_risk']));
  });
});
