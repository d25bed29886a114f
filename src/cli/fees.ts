import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { dateInZone } from '../domain/calendar-date.js';
import { builtInRules } from '../domain/fees/built-in-rules.js';
import type { FeePreview } from '../domain/fees/fee-preview.js';
import { lateFeeRuleJson, parseLateFeeRule, type LateFeeRule } from '../domain/fees/late-fee-rule.js';
import { parseRateRow, type ReferenceRate } from '../domain/fees/reference-rate.js';
import { formatAmount } from '../domain/money.js';
import { toJson } from '../json-output.js';
import { allLateFeeRules, previewLateFees } from '../services/fees.js';
import { parseAsOf } from './as-of.js';
import { exportFees } from './fees-export.js';
import { resolveFees } from './fees-resolve.js';
import type { CommandDeps } from './cadence.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

const subcommands = 'preview, export, resolve, rates list, rates load, rules list or rules load';

/** `arbot fees preview|rates list|rates load FILE.csv|rules list|rules load FILE.json`. */
export async function feesCommand(args: string[], d: CommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'preview') return preview(rest, d);
  if (sub === 'export') return exportFees(rest, d);
  if (sub === 'resolve') return resolveFees(rest, d);
  if (sub === 'rates' || sub === 'rules') {
    const [action, ...more] = rest;
    if (action === 'list') return sub === 'rates' ? listRates(more, d) : listRules(more, d);
    if (action === 'load') return sub === 'rates' ? loadRates(more, d) : loadRule(more, d);
    throw new UsageError(action === undefined ? `name what to do: fees ${sub} list or load` : `unknown subcommand ${action} for fees ${sub} (list or load)`);
  }
  throw new UsageError(sub === undefined ? `name what to do: fees ${subcommands}` : `unknown subcommand ${sub} for fees (${subcommands})`);
}

async function preview(args: string[], d: CommandDeps): Promise<number> {
  const { values } = parseFlags('fees', args, { 'as-of': { type: 'string' }, customer: { type: 'string' }, json: { type: 'boolean' } });
  const asOf = dateInZone(parseAsOf(values['as-of'] as string | undefined, d.config.COMPANY_TIMEZONE, d.now), d.config.COMPANY_TIMEZONE);
  const customer = (values.customer as string | undefined) ?? null;
  if (customer !== null && customer.trim() === '') throw new UsageError('--customer needs a customer external id');
  const db = await d.open();
  try {
    const r = await previewLateFees(postgresFeeStore(db.sql), asOf, customer);
    if (!r.ok) throw new UsageError(`--customer ${customer}: no such customer`);
    d.out.write(values.json ? `${toJson(previewJson(r.preview))}\n` : renderPreview(r.preview));
    for (const l of r.preview.lines) for (const p of l.problems) d.err.write(`arbot: ${l.invoiceNumber}: ${p}\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

function previewJson(p: FeePreview) {
  return {
    as_of: p.asOf,
    note: 'proposals only: nothing is charged, and invoice amounts and KPIs are unchanged',
    lines: p.lines.map((l) => ({
      customer_external_id: l.customerExternalId, customer_name: l.customerName, invoice_external_id: l.invoiceExternalId,
      invoice_number: l.invoiceNumber, currency: l.currency, amount_due: formatAmount(l.amountDueMinor, l.currency),
      days_late: l.daysLate, rule: l.rule, legal_basis: l.legalBasis,
      interest: l.interestMinor === null ? null : formatAmount(l.interestMinor, l.currency),
      fixed_compensation: l.compensation === null ? null : { amount: formatAmount(l.compensation.minor, l.compensation.currency), currency: l.compensation.currency },
      needs_approval: l.needsApproval,
      periods: l.periods.map((x) => ({
        from: x.from, until: x.until, days: x.days, base: formatAmount(x.baseMinor, l.currency), reference_bp: x.referenceBp, rate_bp: x.rateBp,
      })),
      problems: l.problems,
    })),
    totals: p.totals.map((t) => ({
      currency: t.currency, interest: formatAmount(t.interestMinor, t.currency), fixed_compensation: formatAmount(t.compensationMinor, t.currency),
    })),
  };
}

function renderPreview(p: FeePreview): string {
  const title = `Late-payment charges as of ${p.asOf} (proposals: nothing is charged, invoices and KPIs are unchanged)`;
  if (p.lines.length === 0) return `${title}\nno late invoice of a customer with a late-fee rule\n`;
  const head = ['customer', 'invoice', 'cur', 'amount due', 'days', 'rule', 'interest', 'compensation', ''];
  const body = p.lines.map((l) => [
    `${l.customerExternalId} ${l.customerName.slice(0, 24)}`, l.invoiceNumber, l.currency, formatAmount(l.amountDueMinor, l.currency),
    String(l.daysLate), l.rule, l.interestMinor === null ? '?' : formatAmount(l.interestMinor, l.currency),
    l.compensation === null ? (l.problems.length > 0 ? '?' : '-') : `${formatAmount(l.compensation.minor, l.compensation.currency)} ${l.compensation.currency}`,
    l.needsApproval ? 'needs approval' : '',
  ]);
  const right = new Set([3, 4, 6, 7]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const bases = [...new Map(p.lines.filter((l) => l.legalBasis !== null).map((l) => [l.rule, l.legalBasis!])).entries()];
  const totals = p.totals.map((t) => `  ${t.currency}: interest ${formatAmount(t.interestMinor, t.currency)}, fixed compensation ${formatAmount(t.compensationMinor, t.currency)}`);
  const problems = p.lines.flatMap((l) => l.problems.map((x) => `  ${l.invoiceNumber}: ${x}`));
  return [
    title, '', line(head), ...body.map(line), '', 'totals per currency:', ...totals,
    '', 'legal basis:', ...bases.map(([rule, basis]) => `  ${rule}: ${basis}`),
    ...(problems.length > 0 ? ['', 'not computed:', ...problems] : []), '',
  ].join('\n');
}

async function listRates(args: string[], d: CommandDeps): Promise<number> {
  const { values } = parseFlags('fees', args, { json: { type: 'boolean' } });
  const db = await d.open();
  try {
    const rates = await postgresFeeStore(db.sql).rates();
    if (values.json) d.out.write(`${toJson({ rates: rates.map((r) => ({ series: r.series, valid_from: r.validFrom, rate_bp: r.rateBp })) })}\n`);
    else if (rates.length === 0) d.out.write('no reference rates; load them with arbot fees rates load FILE.csv\n');
    else for (const r of rates) d.out.write(`${r.series.padEnd(14)} ${r.validFrom}  ${String(r.rateBp).padStart(6)} bp  ${percent(r.rateBp)}\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

/** 450 bp → "4.50%", -88 → "-0.88%": integer arithmetic only. */
function percent(bp: number): string {
  const abs = Math.abs(bp);
  return `${bp < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

async function loadRates(args: string[], d: CommandDeps): Promise<number> {
  const { positionals } = parseFlags('fees', args, {}, true);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the file: arbot fees rates load FILE.csv' : `unexpected argument ${positionals[1]} for fees rates load`);
  const file = positionals[0]!;
  const text = await readFile(resolve(d.cwd ?? process.cwd(), file), 'utf8');
  const read = readRatesCsv(text);
  if (!read.ok) {
    for (const e of read.errors) d.err.write(`${file}:${e.line}: ${e.column ? `${e.column}: ` : ''}${e.reason}\n`);
    d.err.write(`arbot: ${file}: nothing loaded; fix the lines above and load the file again\n`);
    return exitCodes.rejected;
  }
  const db = await d.open();
  try {
    const r = await postgresFeeStore(db.sql).saveRates(read.rates);
    d.out.write(`${read.rates.length} rates: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

interface LineError { line: number; column: string; reason: string }

/** A rates file, all or nothing: every bad line is reported and then no rate is stored. */
export function readRatesCsv(text: string): { ok: true; rates: ReferenceRate[] } | { ok: false; errors: LineError[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (e) {
    return { ok: false, errors: [{ line: (e as { lines?: number }).lines ?? 1, column: '', reason: (e as Error).message }] };
  }
  const [header, ...rows] = records;
  const names = (header?.record ?? []).map((h) => h.trim().toLowerCase());
  const missing = ['series', 'valid_from', 'rate_bp'].filter((c) => !names.includes(c));
  if (header === undefined || missing.length > 0) {
    return { ok: false, errors: [{ line: 1, column: '', reason: `the header must name series, valid_from and rate_bp (missing ${missing.join(', ')})` }] };
  }
  const errors: LineError[] = [];
  const rates: ReferenceRate[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of rows) {
    const cells = Object.fromEntries(names.map((n, i) => [n, record[i] ?? '']));
    const r = parseRateRow(cells);
    if (!r.ok) {
      for (const e of r.errors) errors.push({ line: info.lines, ...e });
      continue;
    }
    const key = `${r.rate.series}|${r.rate.validFrom}`;
    const first = seen.get(key);
    if (first !== undefined) errors.push({ line: info.lines, column: 'valid_from', reason: `repeats line ${first} (same series and date)` });
    else seen.set(key, info.lines);
    rates.push(r.rate);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rates };
}

async function listRules(args: string[], d: CommandDeps): Promise<number> {
  const { values } = parseFlags('fees', args, { json: { type: 'boolean' } });
  const db = await d.open();
  try {
    const rules = [...(await allLateFeeRules(postgresFeeStore(db.sql))).values()];
    if (values.json) d.out.write(`${toJson({ rules: rules.map((r) => ({ ...lateFeeRuleJson(r, formatAmount), built_in: builtInRules.has(r.name) })) })}\n`);
    else d.out.write(rules.map(describeRule).join(''));
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

function describeRule(r: LateFeeRule): string {
  const fc = r.fixedCompensation;
  const comp = fc === null ? 'no fixed compensation'
    : fc.bands.length === 1 ? `${formatAmount(fc.bands[0]!.amountMinor, fc.currency)} ${fc.currency} per invoice`
      : fc.bands.map((b, i) => `${formatAmount(b.amountMinor, fc.currency)} ${fc.currency} ${b.belowMinor === null
        ? `from ${formatAmount(fc.bands[i - 1]!.belowMinor!, fc.currency)}` : `under ${formatAmount(b.belowMinor, fc.currency)}`}`).join(', ');
  return `${r.name.padEnd(6)} ${r.referenceSeries} + ${r.marginBp} bp (${r.rateFixing}, ${r.dayCount}); ${comp}${builtInRules.has(r.name) ? '' : ' [custom]'}\n       ${r.legalBasis}\n`;
}

async function loadRule(args: string[], d: CommandDeps): Promise<number> {
  const { positionals } = parseFlags('fees', args, {}, true);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the file: arbot fees rules load FILE.json' : `unexpected argument ${positionals[1]} for fees rules load`);
  const file = positionals[0]!;
  const text = await readFile(resolve(d.cwd ?? process.cwd(), file), 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    d.err.write(`${file}: not valid JSON: ${(e as Error).message}\n`);
    return exitCodes.rejected;
  }
  const parsed = parseLateFeeRule(json);
  if (parsed.ok && builtInRules.has(parsed.rule.name)) {
    d.err.write(`${file}: name: ${parsed.rule.name} is a built-in rule; give the custom rule another name\n`);
    return exitCodes.rejected;
  }
  if (!parsed.ok) {
    d.err.write(`${file}: ${parsed.error}\n`);
    return exitCodes.rejected;
  }
  const db = await d.open();
  try {
    await postgresFeeStore(db.sql).saveCustomRule(parsed.rule, 'cli');
    d.out.write(describeRule(parsed.rule));
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}
