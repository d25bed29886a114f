import { postgresTermsPolicyStore } from '../../adapters/postgres/terms-policy.js';
import type { ChangeLimits } from '../domain/rights/change-limits.js';
import { termsInForce } from '../domain/rights/terms-in-force.js';
import { emptyTermsPolicy, parseTermsPolicy } from '../domain/rights/terms-policy.js';
import { policyArgs, readPolicyFile } from './policy-file.js';
import { exitCodes } from './usage.js';
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
  const a = policyArgs('terms', args);
  const loaded = a.sub === 'load' ? await readPolicyFile(a.file, d.cwd ?? process.cwd(), d.err, parseTermsPolicy) : null;
  if (a.sub === 'load' && loaded === null) return exitCodes.rejected;
  const db = await d.open();
  try {
    const store = postgresTermsPolicyStore(db.sql);
    if (loaded) await store.savePolicy(loaded, 'cli');
    const policy = await store.loadPolicy();
    d.out.write(`${JSON.stringify(termsInForce(policy ?? emptyTermsPolicy, d.defaults, policy !== null), null, 2)}\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}
