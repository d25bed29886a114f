import { postgresLinkSecretStore } from '../../adapters/postgres/link-secret.js';
import { rotatePortalKey } from '../../adapters/postgres/customer-portal.js';
import { toJson } from '../json-output.js';
import { resolveLinkSecret } from '../services/link-secret.js';
import { sendStatement } from '../services/send-statement.js';
import { emailSender } from '../wire/cadence.js';
import { statementDeps } from '../wire/statement.js';
import { parseAsOf } from './as-of.js';
import type { CommandDeps } from './cadence.js';
import { exitCodes, parseFlags, UsageError } from './usage.js';

/** The one positional argument: a customer external id. */
function customerArg(command: string, positionals: string[]): string {
  if (positionals.length !== 1 || positionals[0]!.trim() === '') throw new UsageError(`name one customer by its external id: arbot ${command} CUSTOMER`);
  return positionals[0]!.trim();
}

/** `arbot portal rotate CUSTOMER [--json]`: every portal link of the customer sent so far stops working. */
export async function portalCommand(args: string[], d: CommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'rotate') throw new UsageError(sub === undefined ? 'name what to do: portal rotate CUSTOMER' : `unknown subcommand ${sub} for portal (rotate)`);
  const { values, positionals } = parseFlags('portal', rest, { json: { type: 'boolean' } }, true);
  const customer = customerArg('portal rotate', positionals);
  const db = await d.open();
  try {
    const r = await rotatePortalKey(db.sql, customer, 'cli');
    if (!r) {
      d.err.write(`arbot: portal rotate ${customer}: no such customer\n`);
      return exitCodes.failed;
    }
    d.out.write(values.json
      ? `${toJson({ customer_external_id: customer, portal_key_version: r.keyVersion })}\n`
      : `portal links of ${customer} revoked: every link sent before no longer opens (key version ${r.keyVersion}); the next reminder or statement carries a new one\n`);
    return exitCodes.ok;
  } finally {
    await db.close();
  }
}

/** `arbot statement send CUSTOMER [--as-of D] [--json]`: emails the customer their open invoices with the portal link. */
export async function statementCommand(args: string[], d: CommandDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'claims') return (await import('./statement-claims.js')).statementClaimsCommand(rest, d);
  if (sub === 'release') return (await import('./statement-claims.js')).statementReleaseCommand(rest, d);
  if (sub !== 'send') throw new UsageError(sub === undefined ? 'name what to do: statement send CUSTOMER' : `unknown subcommand ${sub} for statement (send, claims, release)`);
  const { values, positionals } = parseFlags('statement', rest, { 'as-of': { type: 'string' }, json: { type: 'boolean' } }, true);
  const customer = customerArg('statement send', positionals);
  const asOf = parseAsOf(values['as-of'] as string | undefined, d.config.COMPANY_TIMEZONE, d.now);
  const db = await d.open();
  try {
    const secret = (await resolveLinkSecret(d.config.LINK_SECRET, postgresLinkSecretStore(db.sql), d.log)).secret;
    const r = await sendStatement(statementDeps(d.config, db.sql, emailSender(d.config, d.log), secret), {
      customer: { externalId: customer }, requestedBy: 'cli', asOf,
    });
    if (values.json) d.out.write(`${toJson({ customer_external_id: customer, as_of: asOf.toISOString(), ...r })}\n`);
    switch (r.outcome) {
      case 'sent':
        if (!values.json) d.out.write(`statement of ${r.invoices} open invoice${r.invoices === 1 ? '' : 's'} sent to ${r.recipients} billing contact${r.recipients === 1 ? '' : 's'} of ${customer}\n`);
        return exitCodes.ok;
      case 'unknown_customer':
        d.err.write(`arbot: statement send ${customer}: no such customer\n`);
        return exitCodes.failed;
      case 'nothing_open':
        d.err.write(`arbot: statement send ${customer}: no open invoice as of ${asOf.toISOString()}; nothing sent\n`);
        return exitCodes.failed;
      case 'no_recipient':
        d.err.write(`arbot: statement send ${customer}: every billing contact is suppressed (bounced); nothing sent\n`);
        return exitCodes.failed;
      case 'failed':
        d.err.write(`arbot: statement send ${customer}: the email was not sent: ${r.reason}\n`);
        return exitCodes.failed;
    }
  } finally {
    await db.close();
  }
}
