import { postgresFeeDecisions } from '../../adapters/postgres/fee-decisions.js';
import type { DoubtResolution } from '../ports/fee-decisions.js';
import type { CommandDeps } from './cadence.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

/**
 * `arbot fees resolve CUSTOMER_ID --told|--not-told [--invoice NUMBER] [--by EMAIL]`: a person's word on the claims
 * whose reminder email ended in doubt (migration 033), once they have checked with the provider or the customer.
 * Told: sent (the export takes them). Not told: claimed again, stated in the customer's next email. Audited.
 */
export async function resolveFees(args: string[], d: CommandDeps): Promise<number> {
  const { values, positionals } = parseFlags('fees', args, {
    told: { type: 'boolean' }, 'not-told': { type: 'boolean' }, invoice: { type: 'string' }, by: { type: 'string' },
  }, true);
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'name the customer: arbot fees resolve CUSTOMER_ID --told|--not-told' : `unexpected argument ${positionals[1]} for fees resolve`);
  }
  if (Boolean(values.told) === Boolean(values['not-told'])) throw new UsageError('say whether the customer was told: --told or --not-told');
  const resolution: DoubtResolution = values.told ? 'told' : 'not_told';
  const by = ((values.by as string | undefined) ?? 'cli').trim();
  if (by === '') throw new UsageError('--by needs who decides (an email), for the audit trail');
  const invoice = (values.invoice as string | undefined) ?? null;
  const db = await d.open();
  try {
    const store = postgresFeeDecisions(db.sql, d.now);
    const customerId = await store.customerIdOf(positionals[0]!);
    if (customerId === null) throw new UsageError(`${positionals[0]}: no such customer`);
    const n = await store.resolveInDoubt(customerId, invoice, resolution, `cli:${by}`);
    const what = `${n} late-payment charge${n === 1 ? '' : 's'} in doubt`;
    d.out.write(n === 0 ? `nothing in doubt for ${positionals[0]}${invoice === null ? '' : ` on ${invoice}`}\n`
      : resolution === 'told' ? `${what} recorded as stated to the customer (sent)\n` : `${what} claimed again, for the next email\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}
