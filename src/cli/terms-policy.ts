import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { postgresTermsPolicyStore } from '../../adapters/postgres/terms-policy.js';
import { jsonErrorLine } from '../domain/json-error-line.js';
import type { ChangeLimits } from '../domain/rights/change-limits.js';
import { termsInForce } from '../domain/rights/terms-in-force.js';
import { emptyTermsPolicy, parseTermsPolicy, type TermsPolicyParse } from '../domain/rights/terms-policy.js';
import { exitCodes, UsageError } from './usage.js';
import type { Database } from '../../adapters/postgres/connect.js';

interface TermsPolicyDeps {
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** PROMISE_MAX_DAYS and PAUSE_MAX_DAYS: what applies where the policy says nothing. */
  readonly defaults: ChangeLimits;
  readonly cwd?: string;
}

/**
 * `arbot policy terms [show]` prints the payment-term extension limits in force (JSON: company-wide and per segment,
 * each with where it comes from) and who may extend (chatRights); `arbot policy terms load FILE.json` checks and
 * stores a file (exit 3 with FILE:LINE and the field to fix when it is refused, nothing stored).
 */
export async function termsPolicyCommand(args: readonly string[], d: TermsPolicyDeps): Promise<number> {
  const [sub = 'show', file, extra] = args;
  if (sub !== 'show' && sub !== 'load') throw new UsageError(`unknown subcommand ${sub} for policy terms (show or load FILE.json)`);
  if (sub === 'load' && file === undefined) throw new UsageError('name the file: arbot policy terms load FILE.json');
  if (extra !== undefined || (sub === 'show' && file !== undefined)) throw new UsageError(`unexpected argument ${extra ?? file} for policy terms ${sub}`);
  let loaded: TermsPolicyParse | null = null;
  if (sub === 'load') {
    loaded = await readPolicyFile(file!, d);
    if (!loaded) return exitCodes.rejected;
  }
  const db = await d.open();
  try {
    const store = postgresTermsPolicyStore(db.sql);
    if (loaded?.ok) await store.savePolicy(loaded.policy, 'cli');
    const policy = await store.loadPolicy();
    d.out.write(`${JSON.stringify(termsInForce(policy ?? emptyTermsPolicy, d.defaults, policy !== null), null, 2)}\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

/** The file checked, or null once what to fix is said (FILE:LINE: path: what). */
async function readPolicyFile(file: string, d: TermsPolicyDeps): Promise<TermsPolicyParse & { ok: true } | null> {
  let text: string;
  try {
    text = await readFile(resolve(d.cwd ?? process.cwd(), file), 'utf8');
  } catch (e) {
    d.err.write(`${file}: not a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const line = jsonErrorLine(text);
    d.err.write(`${file}${line === null ? '' : `:${line}`}: not valid JSON (${(e as Error).message})\n`);
    return null;
  }
  const parsed = parseTermsPolicy(json, text);
  if (!parsed.ok) {
    d.err.write(`${file}${parsed.line === null ? '' : `:${parsed.line}`}: ${parsed.reason}\n`);
    return null;
  }
  return parsed;
}
