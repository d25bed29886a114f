import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { renderNotice, type NoticeKind } from '../../blocks/dispute-page.js';
import { acceptedPageLanguage } from '../../blocks/pages/customer-page.js';
import { renderStatementPage } from '../../blocks/statement-page.js';
import { dateInZone } from '../../src/domain/calendar-date.js';
import { disputeLinkExpiresAt, disputeUrl, signDisputeToken, type LinkSecret } from '../../src/domain/dispute-link.js';
import { verifyStatementToken } from '../../src/domain/statement-link.js';
import type { BucketRule } from '../../src/domain/token-bucket.js';
import type { Logger } from '../../src/log.js';
import type { CustomerStatementStore } from '../../src/ports/customer-statement.js';
import type { PaymentMethodsStore } from '../../src/ports/payment-methods.js';
import { sendCustomerPage } from './customer-page-response.js';
import { clientAddress, type TrustProxy } from './client-address.js';
import { createRateLimiter } from './rate-limiter.js';
import type { Route } from './server.js';

export interface StatementPageDeps {
  readonly store: CustomerStatementStore;
  /** From resolveLinkSecret: the same secret the cadence signs statement and dispute links with. */
  readonly secret: LinkSecret;
  readonly publicBaseUrl: string;
  /** DISPUTE_LINK_TTL_DAYS: how long the dispute links on the page work. */
  readonly linkTtlDays: number;
  readonly now: () => Date;
  readonly log: Logger;
  readonly limits?: { readonly perIp?: BucketRule; readonly perLink?: BucketRule };
  /** TRUST_PROXY: whose X-Forwarded-For names the client. */
  readonly trustProxy?: TrustProxy;
  /** The payment details in force, for "How to pay" (never a pending change); absent: none shown. */
  readonly payments?: Pick<PaymentMethodsStore, 'current'>;
  /** BANK_CHANGE_NOTICE_DAYS. */
  readonly bankChangeNoticeDays?: number;
}

const tokenStatus = { malformed: [400, 'link_malformed'], bad_signature: [400, 'link_forged'], expired: [410, 'link_expired'] } as const;

const sendHtml = sendCustomerPage;

const notice = (res: ServerResponse, status: number, kind: NoticeKind, opts: { reference?: string } = {}) =>
  sendHtml(res, status, renderNotice(kind, { locale: acceptedPageLanguage(res.req?.headers['accept-language']), ...opts }));

/**
 * GET /s/<token>: the customer's statement (every open invoice, with pay and dispute links) for the customer the
 * signed token names; a forged or malformed token is a 400 page, an expired one 410, an unknown customer 404.
 * Rate-limited per client address and per link, in memory, like the dispute page.
 */
export function statementPageRoutes(deps: StatementPageDeps): Route[] {
  const perIp = createRateLimiter(deps.limits?.perIp ?? { capacity: 60, perSecond: 1 });
  const perLink = createRateLimiter(deps.limits?.perLink ?? { capacity: 30, perSecond: 0.5 });
  const admit = (limiter: typeof perIp, key: string, now: Date, res: ServerResponse) => {
    const t = limiter.take(key, now.getTime());
    if (!t.allowed) {
      const locale = acceptedPageLanguage(res.req?.headers['accept-language']);
      sendHtml(res, 429, renderNotice('rate_limited', { locale }), { 'retry-after': String(t.retryAfterSeconds) });
    }
    return t.allowed;
  };
  const handler: Route['handler'] = async (req, res, params) => {
    try {
      const now = deps.now();
      // Like the dispute page: only a link that verifies spends a bucket (a flood of garbage links can never lock a
      // customer out), its own first, then its client address's.
      const link = verifyStatementToken(params.token!, deps.secret, now);
      if (!link.ok) return notice(res, tokenStatus[link.reason][0], tokenStatus[link.reason][1]);
      if (!admit(perLink, link.customerId.toString(), now, res)) return;
      if (!admit(perIp, clientAddress(req, deps.trustProxy ?? null), now, res)) return;
      const statement = await deps.store.findStatement(link.customerId, now);
      if (!statement) return notice(res, 404, 'customer_unknown');
      const today = dateInZone(now, statement.timezone); // the customer's day decides "overdue"
      const expiresAt = disputeLinkExpiresAt(now, deps.linkTtlDays);
      const details = deps.payments ? await deps.payments.current() : new Map();
      sendHtml(res, 200, renderStatementPage(statement, {
        today, now, paymentDetails: (currency) => details.get(currency) ?? null,
        ...(deps.bankChangeNoticeDays === undefined ? {} : { bankChangeNoticeDays: deps.bankChangeNoticeDays }),
        disputeUrl: (invoiceId) => disputeUrl(deps.publicBaseUrl, signDisputeToken({ invoiceId, expiresAt }, deps.secret)),
      }));
    } catch (err) {
      if (res.headersSent) throw err;
      const reference = randomUUID();
      deps.log.error({ req_ref: reference, err }, 'statement page failed');
      notice(res, 500, 'internal', { reference });
    }
  };
  return [{ method: 'GET', path: /^\/s\/(?<token>[^/]{1,512})$/, handler }];
}
