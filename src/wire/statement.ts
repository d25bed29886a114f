import type { Sql } from '../../adapters/postgres/connect.js';
import { postgresCustomerStatementStore } from '../../adapters/postgres/customer-statement.js';
import { postgresStatementEmailStore } from '../../adapters/postgres/statement-emails.js';
import type { Config } from '../config.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import type { EmailSender } from '../ports/email-sender.js';
import type { SendStatementDeps } from '../services/send-statement.js';
import { reminderTemplates } from './cadence.js';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { paymentDetailsLookup } from '../services/payment-methods.js';

/** What sending a statement needs: the reminders' sender and templates, the link secret and TTLs. */
export function statementDeps(config: Config, sql: Sql, sender: EmailSender, linkSecret: LinkSecret): SendStatementDeps {
  return {
    store: postgresStatementEmailStore(sql),
    statements: postgresCustomerStatementStore(sql),
    sender,
    render: reminderTemplates(),
    from: { email: config.EMAIL_FROM ?? 'billing@localhost', name: config.EMAIL_FROM_NAME },
    publicBaseUrl: config.publicBaseUrl,
    linkSecret,
    disputeLinkTtlDays: config.DISPUTE_LINK_TTL_DAYS,
    portalLinkTtlDays: config.PORTAL_LINK_TTL_DAYS,
    payments: { detailsOf: () => paymentDetailsLookup(postgresPaymentMethodsStore(sql)), noticeDays: config.BANK_CHANGE_NOTICE_DAYS },
  };
}
