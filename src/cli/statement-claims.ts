import { postgresMonthlyStatementStore } from '../../adapters/postgres/monthly-statements.js';
import { isCalendarMonth } from '../domain/reports/report-month.js';
import { toJson } from '../json-output.js';
import { unsentClaimAfterMs } from '../services/monthly-statements.js';
import { parseAsOf } from './as-of.js';
import type { CommandDeps } from './cadence.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

/**
 * `arbot statement claims [--as-of ISO-8601] [--json]`: the monthly statements claimed over an hour ago that no send
 * names (a run stopped between claim and send, or the send ended in doubt). No run sends them on its own: the
 * provider may have the email, so a person looks in its activity log first. Exit 1 when there is any.
 */
export async function statementClaimsCommand(args: string[], d: CommandDeps): Promise<number> {
  const { values, positionals } = parseFlags('statement', args, { 'as-of': { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length > 0) throw new UsageError(`statement claims takes no argument, got ${positionals[0]}`);
  const asOf = parseAsOf(values['as-of'] as string | undefined, d.config.COMPANY_TIMEZONE, d.now);
  const db = await d.open();
  try {
    const claims = await postgresMonthlyStatementStore(db.sql).unsentClaims(new Date(asOf.getTime() - unsentClaimAfterMs));
    if (values.json) {
      d.out.write(`${toJson({ as_of: asOf.toISOString(), unsent_claims: claims.map((c) => ({
        customer_external_id: c.customerExternalId, month: c.month, claimed_at: c.claimedAt.toISOString(), last_attempt: c.lastAttempt,
      })) })}\n`);
    } else if (claims.length === 0) {
      d.out.write('no monthly statement claimed without a send\n');
    } else {
      for (const c of claims) {
        d.out.write(`${c.customerExternalId} ${c.month}: claimed ${c.claimedAt.toISOString()}, ${c.lastAttempt === null ? 'no send recorded (the run stopped after claiming)' : `send in doubt: ${c.lastAttempt}`}\n`);
      }
      d.out.write('not sent again on their own (the provider may have them): check its activity log, then arbot statement release CUSTOMER --month YYYY-MM\n');
    }
    return claims.length === 0 ? exitCodes.ok : exitCodes.failed;
  } finally {
    await db.close();
  }
}

/**
 * `arbot statement release CUSTOMER --month YYYY-MM [--by EMAIL] [--json]`: a person's release of a monthly
 * statement claim that no send names, audited (`statement.claim_released`), once they have checked that the
 * email did not go out: a later run on the statement day sends it (or `arbot statement send` at once).
 */
export async function statementReleaseCommand(args: string[], d: CommandDeps): Promise<number> {
  const { values, positionals } = parseFlags('statement', args, { month: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (positionals.length !== 1 || positionals[0]!.trim() === '') throw new UsageError('name one customer by its external id: arbot statement release CUSTOMER --month YYYY-MM');
  const customer = positionals[0]!.trim();
  const month = values.month as string | undefined;
  if (month === undefined || !isCalendarMonth(month)) throw new UsageError(`--month: expected the statement's month as YYYY-MM, got ${month ?? 'none'}`);
  const by = ((values.by as string | undefined) ?? 'cli').trim();
  if (by === '') throw new UsageError('--by needs who decides (an email), for the audit trail');
  const db = await d.open();
  try {
    const r = await postgresMonthlyStatementStore(db.sql).releaseUnsent(customer, month, by === 'cli' ? 'cli' : `cli:${by}`);
    if (values.json) d.out.write(`${toJson({ customer_external_id: customer, month, outcome: r })}\n`);
    switch (r) {
      case 'released':
        if (!values.json) d.out.write(`monthly statement ${month} of ${customer} released: a run on its statement day sends it, or send one now with arbot statement send ${customer}\n`);
        return exitCodes.ok;
      case 'sent':
        d.err.write(`arbot: statement release ${customer}: the ${month} statement was sent; nothing released\n`);
        return exitCodes.failed;
      case 'no_claim':
        d.err.write(`arbot: statement release ${customer}: no claim on the ${month} statement; nothing to release\n`);
        return exitCodes.failed;
      case 'unknown_customer':
        d.err.write(`arbot: statement release ${customer}: no such customer\n`);
        return exitCodes.failed;
    }
  } finally {
    await db.close();
  }
}
