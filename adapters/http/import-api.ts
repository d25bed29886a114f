import type { IncomingMessage, ServerResponse } from 'node:http';
import { cellsFromJson, ledgerKinds, type LedgerKind } from '../../src/domain/import/ledger-rows.js';
import { importLedger, type ImportItem } from '../../src/services/import-ledger.js';
import type { LedgerImportStore } from '../../src/ports/ledger-import.js';
import { dateInZone } from '../../src/domain/calendar-date.js';
import { requireBearer } from './bearer.js';
import { LineTooLong, ndjsonLines } from './ndjson-lines.js';
import { requestUrl } from './request-target.js';
import { HttpError, readBody, sendJson } from './respond.js';
import type { Route } from './server.js';

export interface ImportApiDeps {
  readonly store: LedgerImportStore;
  readonly apiToken: string | undefined;
  readonly maxBodyBytes: number;
  readonly defaultTimezone: string;
  /** The clock "today" is read from, in defaultTimezone (a payment received after it is refused); the real one unless given. */
  readonly now?: () => Date;
}

const kindPath = /^\/api\/v1\/(?<kind>[a-z_-]+)$/;

/** JSON items as import items; an item that is not an object becomes a row error, not a failure. */
async function* jsonItems(items: readonly unknown[]): AsyncGenerator<ImportItem> {
  for (let i = 0; i < items.length; i++) yield toItem(items[i], i);
}

function toItem(value: unknown, pos: number): ImportItem {
  const c = cellsFromJson(value);
  return c.ok ? { pos, cells: c.cells } : { pos, error: c.errors.map((e) => (e.column ? `${e.column}: ${e.reason}` : e.reason)).join('; ') };
}

/** NDJSON: one item a line, read as it arrives, so a large import never sits whole in memory, nor does one line. */
async function* ndjsonItems(req: IncomingMessage, limit: number): AsyncGenerator<ImportItem> {
  let pos = 0;
  try {
    for await (const line of ndjsonLines(req, limit)) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        yield { pos: pos++, error: 'not valid JSON' };
        continue;
      }
      yield toItem(value, pos++);
    }
  } catch (err) {
    if (!(err instanceof LineTooLong)) throw err;
    throw new HttpError(413, 'line_too_large', `item ${pos} is over ${limit} bytes (API_MAX_BODY_BYTES); items before it `
      + 'may already be stored: fix or split that item and send the body again (items sent again unchanged are left as they are)');
  }
}

async function handle(deps: ImportApiDeps, req: IncomingMessage, res: ServerResponse, kindParam: string): Promise<void> {
  requireBearer(req, deps.apiToken);
  const kind = kindParam.replace(/-/g, '_') as LedgerKind;
  if (!ledgerKinds.includes(kind)) throw new HttpError(404, 'unknown_kind', `no import for "${kindParam}"; use one of ${ledgerKinds.join(', ')}`);
  const url = requestUrl(req);
  const dryRun = ['1', 'true'].includes(url.searchParams.get('dry_run') ?? '');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  let items: AsyncIterable<ImportItem>;
  if (type === 'application/x-ndjson' || type === 'application/jsonl') {
    items = ndjsonItems(req, deps.maxBodyBytes);
  } else if (type === 'application/json') {
    const body = await readBody(req, deps.maxBodyBytes);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw new HttpError(400, 'invalid_json', `the body is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw new HttpError(400, 'expected_array', 'the body must be a JSON array of items');
    items = jsonItems(parsed);
  } else {
    throw new HttpError(415, 'unsupported_media_type', 'send application/json (an array) or application/x-ndjson (one item a line)');
  }
  const today = { date: dateInZone((deps.now ?? (() => new Date()))(), deps.defaultTimezone), zone: deps.defaultTimezone };
  const report = await importLedger(deps.store, [{ kind, name: url.pathname, items, positions: 'item' }], {
    actor: 'api', via: 'api', defaultTimezone: deps.defaultTimezone, today, dryRun, keep: 1000,
  });
  const s = report.sources[0]!;
  // 207: the valid items are stored even when some were rejected; `errors` says which and why.
  sendJson(res, s.rejected > 0 ? 207 : 200, {
    kind, dry_run: dryRun, received: s.rows, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged,
    rejected: s.rejected,
    errors: [...s.errors].sort((a, b) => a.pos - b.pos).map((e) => ({ index: e.pos, column: e.column, reason: e.reason })),
    ...(kind === 'payments' || s.unmatched_payments > 0
      ? { unmatched_payments: s.unmatched_payments, unmatched: s.unmatched.map(({ pos, ...u }) => ({ index: pos, ...u })) }
      : {}),
    // Invoices and payments: allocations an update released (the payments were then matched again).
    ...(kind === 'payments' || kind === 'invoices'
      ? { released_allocations: s.released_allocations, released: s.released.map(({ pos, ...x }) => ({ index: pos, ...x })) }
      : {}),
  });
}

export function importApiRoutes(deps: ImportApiDeps): Route[] {
  return [{ method: 'POST', path: kindPath, handler: (req, res, p) => handle(deps, req, res, p.kind!) }];
}
