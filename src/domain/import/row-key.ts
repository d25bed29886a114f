import type { LedgerKind, RowsByKind } from './ledger-rows.js';

/** What identifies a row of a kind in the ledger, and the column a repeat of it is reported on. */
export interface RowKey {
  readonly column: string;
  readonly key: string;
  /** Said after "repeats line N" when the key is not a column of its own. */
  readonly note?: string;
}

/**
 * The identity under which a valid row is stored: its external id, or an owner's email (lower-cased by the
 * schema). A dispute without an external id is identified by its invoice and opened date, reported on invoice_external_id.
 * @example rowKey('owners', ownerRow, cells) // { column: 'email', key: 'ana@acme.example' }
 */
export function rowKey<K extends LedgerKind>(kind: K, row: RowsByKind[K], cells: Readonly<Record<string, string>>): RowKey {
  if (kind === 'owners') return { column: 'email', key: (row as RowsByKind['owners']).email };
  const key = (row as { external_id: string }).external_id;
  if (kind === 'disputes' && (cells.external_id ?? '').trim() === '') {
    return { column: 'invoice_external_id', key, note: 'with the same opened_date; give each dispute an external_id' };
  }
  return { column: 'external_id', key };
}
