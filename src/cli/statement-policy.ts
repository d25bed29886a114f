import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { postgresMonthlyStatementStore } from '../../adapters/postgres/monthly-statements.js';
import { jsonErrorLine } from '../domain/json-error-line.js';
import { parseStatementPolicy, statementPolicyJson } from '../domain/statements/statement-policy.js';
import { exitCodes, UsageError } from './usage.js';
import type { Database } from '../../adapters/postgres/connect.js';

interface StatementPolicyDeps {
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly cwd?: string;
}

/**
 * `arbot policy statements [show]` prints which segments get a monthly statement and on which business day (JSON;
 * none until a file is loaded); `arbot policy statements load FILE.json` checks and stores a file (exit 3 with
 * FILE:LINE and the field to fix when it is refused, nothing stored).
 */
export async function statementPolicyCommand(args: readonly string[], d: StatementPolicyDeps): Promise<number> {
  const [sub = 'show', file, extra] = args;
  if (sub !== 'show' && sub !== 'load') throw new UsageError(`unknown subcommand ${sub} for policy statements (show or load FILE.json)`);
  if (sub === 'load' && file === undefined) throw new UsageError('name the file: arbot policy statements load FILE.json');
  if (extra !== undefined || (sub === 'show' && file !== undefined)) throw new UsageError(`unexpected argument ${extra ?? file} for policy statements ${sub}`);
  let loaded: ReturnType<typeof parseStatementPolicy> | null = null;
  if (sub === 'load') {
    let text: string;
    try {
      text = await readFile(resolve(d.cwd ?? process.cwd(), file!), 'utf8');
    } catch (e) {
      d.err.write(`${file}: not a readable file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
      return exitCodes.rejected;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      const line = jsonErrorLine(text);
      d.err.write(`${file}${line === null ? '' : `:${line}`}: not valid JSON (${(e as Error).message})\n`);
      return exitCodes.rejected;
    }
    loaded = parseStatementPolicy(json, text);
    if (!loaded.ok) {
      d.err.write(`${file}${loaded.line === null ? '' : `:${loaded.line}`}: ${loaded.reason}\n`);
      return exitCodes.rejected;
    }
  }
  const db = await d.open();
  try {
    const store = postgresMonthlyStatementStore(db.sql);
    if (loaded?.ok) await store.savePolicy(loaded.policy, 'cli');
    d.out.write(`${JSON.stringify(statementPolicyJson(await store.loadPolicy()), null, 2)}\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}
