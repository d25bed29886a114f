import { postgresMonthlyStatementStore } from '../../adapters/postgres/monthly-statements.js';
import { parseStatementPolicy, statementPolicyJson } from '../domain/statements/statement-policy.js';
import { policyArgs, readPolicyFile } from './policy-file.js';
import { exitCodes } from './usage.js';
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
  const a = policyArgs('statements', args);
  const loaded = a.sub === 'load' ? await readPolicyFile(a.file, d.cwd ?? process.cwd(), d.err, parseStatementPolicy) : null;
  if (a.sub === 'load' && loaded === null) return exitCodes.rejected;
  const db = await d.open();
  try {
    const store = postgresMonthlyStatementStore(db.sql);
    if (loaded) await store.savePolicy(loaded, 'cli');
    d.out.write(`${JSON.stringify(statementPolicyJson(await store.loadPolicy()), null, 2)}\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}
