import { isCalendarDate } from '../calendar-date.js';
import { isCurrencyCode } from '../currency.js';
import { isPlainText } from '../text-safety.js';
import { MAX_CELL_CHARS } from './fields.js';

// Invoices and payments are nearly all of a ledger's rows. For them, a row whose every cell is plainly valid is
// read here without zod (a tenth of the cost); anything else, valid or not, returns null and goes through the zod
// schemas of ledger-rows.ts, which stay the definition: same fields, same order, same values, and every error
// message comes from them.

type Cells = Readonly<Record<string, string>>;
type Out = Record<string, unknown>;

const cell = (cells: Cells, col: string): string => cells[col] ?? '';
/** Not plainly valid as text: a NUL, or longer than any cell may be (zod words the error). */
const hasNul = (v: string) => v.length > MAX_CELL_CHARS || v.includes('\u0000');

/** `identifier(...)`: non-empty after trimming, no NUL, no control, bidi or invisible character. */
function identifier(v: string): string | undefined {
  if (hasNul(v)) return undefined;
  const t = v.trim();
  return t === '' || !isPlainText(t) ? undefined : t;
}

/** `optionalIdentifier`: trimmed, empty is null, else as identifier. `undefined` means "not plainly valid". */
function optionalIdentifier(v: string): string | null | undefined {
  if (hasNul(v)) return undefined;
  const t = v.trim();
  if (t === '') return null;
  return isPlainText(t) ? t : undefined;
}

function calendarDate(v: string): string | undefined {
  if (hasNul(v)) return undefined;
  const t = v.trim();
  return isCalendarDate(t) ? t : undefined;
}

function currency(v: string): string | undefined {
  if (hasNul(v)) return undefined;
  const code = v.trim().toUpperCase();
  return isCurrencyCode(code) ? code : undefined;
}

function url(v: string): string | null | undefined {
  if (hasNul(v)) return undefined;
  const t = v.trim();
  if (t === '') return null;
  return /^https?:\/\//i.test(t) && URL.canParse(t) ? t : undefined;
}

/** The invoice schema's output for a plainly valid row, else null. */
export function fastInvoice(cells: Cells): Out | null {
  const external_id = identifier(cell(cells, 'external_id'));
  const number = identifier(cell(cells, 'number'));
  const customer_external_id = identifier(cell(cells, 'customer_external_id'));
  const issue_date = calendarDate(cell(cells, 'issue_date'));
  const due_date = calendarDate(cell(cells, 'due_date'));
  const cur = currency(cell(cells, 'currency'));
  const po_number = optionalIdentifier(cell(cells, 'po_number'));
  const client_reference = optionalIdentifier(cell(cells, 'client_reference'));
  const proof_url = url(cell(cells, 'proof_url'));
  const pay_url = url(cell(cells, 'pay_url'));
  // Payment terms are parsed by the schema: a row that has them takes the zod path.
  if (cell(cells, 'payment_terms').trim() !== '') return null;
  if (external_id === undefined || number === undefined || customer_external_id === undefined || issue_date === undefined
    || due_date === undefined || cur === undefined || po_number === undefined || client_reference === undefined
    || proof_url === undefined || pay_url === undefined) return null;
  return {
    external_id, number, customer_external_id, issue_date, due_date, currency: cur, amount: cell(cells, 'amount').trim(),
    po_number, client_reference, proof_url, pay_url, payment_terms: null,
  };
}

/** The payment schema's output for a plainly valid row, else null. */
export function fastPayment(cells: Cells): Out | null {
  const external_id = identifier(cell(cells, 'external_id'));
  const customer_external_id = identifier(cell(cells, 'customer_external_id'));
  const received_date = calendarDate(cell(cells, 'received_date'));
  const cur = currency(cell(cells, 'currency'));
  const reference = optionalIdentifier(cell(cells, 'reference'));
  const invoice_number = optionalIdentifier(cell(cells, 'invoice_number'));
  if (external_id === undefined || customer_external_id === undefined || received_date === undefined || cur === undefined
    || reference === undefined || invoice_number === undefined) return null;
  return { external_id, customer_external_id, received_date, currency: cur, amount: cell(cells, 'amount').trim(), reference, invoice_number };
}
