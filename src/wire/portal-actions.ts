import type { Sql } from '../../adapters/postgres/connect.js';
import { customerPartiesByExternalId, rotatePortalKey } from '../../adapters/postgres/customer-portal.js';
import type { Config } from '../config.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import type { CustomerPortalActions } from '../ports/customer-portal-actions.js';
import type { EmailSender } from '../ports/email-sender.js';
import { sendStatement } from '../services/send-statement.js';
import { statementDeps } from './statement.js';

/** The customer view's portal buttons on this database: statements through `sender`, rotation of the portal key. */
export function customerPortalActions(config: Config, sql: Sql, sender: EmailSender, linkSecret: LinkSecret): CustomerPortalActions {
  const deps = statementDeps(config, sql, sender, linkSecret);
  return {
    parties: (externalId) => customerPartiesByExternalId(sql, externalId),
    sendStatement: (externalId, requestedBy, asOf) => sendStatement(deps, { customer: { externalId }, requestedBy, asOf }),
    rotate: async (externalId, actor) => (await rotatePortalKey(sql, externalId, actor))?.keyVersion ?? null,
  };
}
