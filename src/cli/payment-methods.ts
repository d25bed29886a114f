import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { maskAccount } from '../domain/payment-methods/how-to-pay.js';
import { toPaymentMethodsEntry, type CurrencyPaymentMethods } from '../domain/payment-methods/payment-methods-file.js';
import { toJson } from '../json-output.js';
import type { LoadedCurrency } from '../ports/payment-methods.js';
import { listPaymentMethods, loadPaymentMethods } from '../services/payment-methods.js';
import type { CommandDeps } from './cadence.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

/** `arbot payment-methods list [--json]|load FILE.json [--by WHO]`. */
export async function paymentMethodsCommand(args: string[], d: CommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'list') return list(rest, d);
  if (sub === 'load') return load(rest, d);
  throw new UsageError(sub === undefined ? 'name what to do: payment-methods list or load FILE.json' : `unknown subcommand ${sub} for payment-methods (list or load)`);
}

async function load(args: string[], d: CommandDeps): Promise<number> {
  const { values, positionals } = parseFlags('payment-methods', args, { by: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'name the file: arbot payment-methods load FILE.json' : `unexpected argument ${positionals[1]} for payment-methods load`);
  const file = positionals[0]!;
  const by = ((values.by as string | undefined) ?? 'cli').trim();
  if (by === '') throw new UsageError('--by needs who loads the file (an email), for the audit trail');
  const text = await readFile(resolve(d.cwd ?? process.cwd(), file), 'utf8');
  const db = await d.open();
  try {
    const r = await loadPaymentMethods(postgresPaymentMethodsStore(db.sql), text, `cli:${by}`, d.now());
    if (!r.ok) {
      // "FILE:4: EUR.iban: checksum fails (check the digits)", as compilers say it, so editors jump to the line.
      for (const p of r.problems) d.err.write(`arbot: ${file}${p.replace(/^line (\d+): /, ':$1: ').replace(/^(?!:)/, ': ')}\n`);
      d.err.write('arbot: nothing loaded: fix the file and load it again\n');
      return exitCodes.rejected;
    }
    d.out.write(values.json ? `${toJson({ loaded: r.loaded.map(loadedJson) })}\n` : r.loaded.map(loadedLine).join(''));
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

const loadedJson = (l: LoadedCurrency) => ({
  currency: l.currency, outcome: l.outcome,
  ...(l.outcome === 'pending' || l.outcome === 'already_pending' ? { change_id: l.changeId.toString() } : {}),
  ...(l.outcome === 'pending' ? { account_changed: l.accountChanged, replaced: l.replaced?.toString() ?? null } : {}),
});

function loadedLine(l: LoadedCurrency): string {
  switch (l.outcome) {
    case 'added': return `${l.currency}: in force (first details of this currency)\n`;
    case 'unchanged': return `${l.currency}: unchanged\n`;
    case 'already_pending': return `${l.currency}: this change already waits for a finance approver (change ${l.changeId})\n`;
    case 'pending': return `${l.currency}: change ${l.changeId} waits for a finance approver in chat; customers see the current details until it is approved${l.replaced === null ? '' : ` (replaces change ${l.replaced})`}\n`;
  }
}

async function list(args: string[], d: CommandDeps): Promise<number> {
  const { values } = parseFlags('payment-methods', args, { json: { type: 'boolean' } });
  const db = await d.open();
  try {
    const { current, pending } = await listPaymentMethods(postgresPaymentMethodsStore(db.sql));
    if (values.json) {
      d.out.write(`${toJson({
        current: [...current.values()].map((c) => ({
          ...entryJson(c.methods), account_changed_at: c.accountChangedAt?.toISOString() ?? null, updated_at: c.updatedAt.toISOString(),
        })),
        pending: pending.map((p) => ({
          change_id: p.id.toString(), currency: p.currency, account_changed: p.accountChanged, requested_by: p.requestedBy,
          requested_at: p.requestedAt.toISOString(), before: p.before === null ? null : entryJson(p.before), after: entryJson(p.after),
        })),
      })}\n`);
      return exitCodes.ok;
    }
    if (current.size === 0 && pending.length === 0) {
      d.out.write('no payment details; load them with arbot payment-methods load FILE.json\n');
      return exitCodes.ok;
    }
    for (const c of current.values()) d.out.write(`${c.methods.currency}  ${describe(c.methods)}${c.accountChangedAt ? `  (account changed ${c.accountChangedAt.toISOString()})` : ''}\n`);
    for (const p of pending) {
      d.out.write(`pending change ${p.id} (${p.currency}, by ${p.requestedBy}, ${p.requestedAt.toISOString()}): ${describe(p.after)}${p.accountChanged ? '  [bank account changes]' : ''}\n`);
    }
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

const entryJson = (m: CurrencyPaymentMethods) => ({ currency: m.currency, ...toPaymentMethodsEntry(m) });

function describe(m: CurrencyPaymentMethods): string {
  const card = m.methods.includes('card') ? (m.cardMaxMinor === null ? ' card' : ` card<${m.cardMaxMinor}`) : '';
  return `${m.accountName} · ${maskAccount(m.account)} · ${m.methods.filter((x) => x !== 'card').join(' ')}${card} · confirm ${m.phoneToConfirm}`;
}
