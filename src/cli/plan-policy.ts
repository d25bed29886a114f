import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { parsePlanPolicy, planPolicyJson } from '../domain/plans/plan-policy.js';
import { policyArgs } from './policy-file.js';
import { exitCodes } from './usage.js';
import type { Database } from '../../adapters/postgres/connect.js';

interface PlanPolicyDeps {
  readonly open: () => Promise<Database>;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  readonly cwd?: string;
}

/**
 * `arbot policy plans [show]` prints the payment plan bounds as JSON (the defaults until a file is loaded);
 * `arbot policy plans load FILE.json` checks and stores a file (exit 3 with the field to fix when it is refused).
 */
export async function planPolicyCommand(args: readonly string[], d: PlanPolicyDeps): Promise<number> {
  const a = policyArgs('plans', args);
  const db = await d.open();
  try {
    const store = postgresPaymentPlanStore(db.sql);
    if (a.sub === 'load') {
      let json: unknown;
      try {
        json = JSON.parse(await readFile(resolve(d.cwd ?? process.cwd(), a.file), 'utf8'));
      } catch (e) {
        d.err.write(`${a.file}: not a readable JSON file (${(e as Error).message})\n`);
        return exitCodes.rejected;
      }
      const parsed = parsePlanPolicy(json);
      if (!parsed.ok) {
        d.err.write(`${a.file}: ${parsed.reason}\n`);
        return exitCodes.rejected;
      }
      await store.savePolicy(parsed.policy, 'cli');
    }
    d.out.write(`${JSON.stringify(planPolicyJson(await store.loadPolicy()), null, 2)}\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}
