import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  disputeInvoiceView,
  renderAlreadyDisputed,
  renderDisputeForm,
  renderDisputeOpened,
  renderInvoicePaid,
  renderNotice,
  type NoticeKind,
} from '../../blocks/dispute-page.js';
import { acceptedPageLanguage } from '../../blocks/pages/customer-page.js';
import {
  customerCommentMaxLength,
  customerDisputeReasons,
  decideCustomerDispute,
  normalizeCustomerComment,
} from '../../src/domain/customer-dispute.js';
import { issueCsrfToken, verifyCsrfToken } from '../../src/domain/dispute-csrf.js';
import { verifyDisputeToken, type LinkSecret } from '../../src/domain/dispute-link.js';
import type { BucketRule } from '../../src/domain/token-bucket.js';
import type { Logger } from '../../src/log.js';
import type { CustomerDisputeStore } from '../../src/ports/customer-disputes.js';
import { openCustomerDispute } from '../../src/services/open-customer-dispute.js';
import { sendCustomerPage } from './customer-page-response.js';
import { clientAddress, type TrustProxy } from './client-address.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { HttpError, readBody } from './respond.js';
import type { Route } from './server.js';

export interface DisputePageLimits {
  readonly getPerIp: BucketRule;
  readonly getPerLink: BucketRule;
  readonly postPerIp: BucketRule;
  readonly postPerLink: BucketRule;
}

/** Generous for a person, tight for a script. Per instance (see createRateLimiter). */
export const defaultDisputePageLimits: DisputePageLimits = {
  getPerIp: { capacity: 60, perSecond: 1 },
  getPerLink: { capacity: 30, perSecond: 0.5 },
  postPerIp: { capacity: 60, perSecond: 1 / 10 },
  postPerLink: { capacity: 5, perSecond: 1 / 60 },
};

export interface DisputePageDeps {
  readonly store: CustomerDisputeStore;
  /** From resolveLinkSecret: the same secret the cadence signs links with. */
  readonly secret: LinkSecret;
  /** Submissions must come from this origin when the browser says where they come from. */
  readonly publicBaseUrl: string;
  readonly now: () => Date;
  readonly log: Logger;
  readonly limits?: Partial<DisputePageLimits>;
  /** TRUST_PROXY: whose X-Forwarded-For names the client. Default: nobody's (the peer is the client). */
  readonly trustProxy?: TrustProxy;
}

/** The form's fields: a few KiB of text at most; anything bigger is not our form. */
const maxFormBytes = 32 * 1024;
const formSchema = z
  .object({
    // Error codes: the page words them in the customer's language (blocks/pages/templates/<lang>/_error.html).
    reason: z.enum(customerDisputeReasons, { error: 'reason_required' }),
    comment: z
      .string()
      .transform(normalizeCustomerComment)
      .pipe(z.string().max(customerCommentMaxLength, 'comment_too_long')),
  })
  .superRefine((v, ctx) => {
    if (v.reason === 'other' && v.comment === '') ctx.addIssue({ code: 'custom', path: ['comment'], message: 'comment_required' });
  });

const tokenStatus = { malformed: [400, 'link_malformed'], bad_signature: [400, 'link_forged'], expired: [410, 'link_expired'] } as const;

const sendHtml = sendCustomerPage;

// Before the invoice is known, the page speaks the browser's language (Accept-Language) when arbot has pages in it.
const notice = (res: ServerResponse, status: number, kind: NoticeKind, opts?: Parameters<typeof renderNotice>[1]) =>
  sendHtml(res, status, renderNotice(kind, { locale: acceptedPageLanguage(res.req?.headers['accept-language']), ...opts }));


interface Limiters {
  readonly getIp: RateLimiter;
  readonly getLink: RateLimiter;
  readonly postIp: RateLimiter;
  readonly postLink: RateLimiter;
}

/** Answers 429 and returns false when `key` has no token left. */
function admit(limiter: RateLimiter, key: string, now: Date, res: ServerResponse): boolean {
  const t = limiter.take(key, now.getTime());
  if (!t.allowed) {
    const locale = acceptedPageLanguage(res.req?.headers['accept-language']);
    sendHtml(res, 429, renderNotice('rate_limited', { locale }), { 'retry-after': String(t.retryAfterSeconds) });
  }
  return t.allowed;
}

/**
 * The buckets are spent only by links that verify: a link that does not (garbage, forged, expired) costs one HMAC and
 * a static page, and answers so whatever the rate, so a script guessing links can never lock a customer out of a
 * valid one. A valid link spends its own bucket first, then its address's: one link hammered cannot empty the
 * address's bucket that other customers behind the same proxy share.
 */
async function show(deps: DisputePageDeps, lim: Limiters, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const now = deps.now();
  const link = verifyDisputeToken(token, deps.secret, now);
  if (!link.ok) return notice(res, tokenStatus[link.reason][0], tokenStatus[link.reason][1]);
  if (!admit(lim.getLink, link.invoiceId.toString(), now, res)) return;
  if (!admit(lim.getIp, clientAddress(req, deps.trustProxy ?? null), now, res)) return;
  const invoice = await deps.store.findInvoice(link.invoiceId);
  if (!invoice) return notice(res, 404, 'invoice_unknown');
  const view = disputeInvoiceView(invoice);
  const decision = decideCustomerDispute(invoice);
  if (decision === 'already_open') return sendHtml(res, 200, renderAlreadyDisputed(view, false));
  if (decision === 'paid') return sendHtml(res, 200, renderInvoicePaid(view));
  sendHtml(res, 200, renderDisputeForm({ invoice: view, csrf: issueCsrfToken(token, deps.secret, now) }));
}

async function submit(deps: DisputePageDeps, lim: Limiters, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const now = deps.now();
  const link = verifyDisputeToken(token, deps.secret, now);
  if (!link.ok) return notice(res, tokenStatus[link.reason][0], tokenStatus[link.reason][1]);
  if (!admit(lim.postLink, link.invoiceId.toString(), now, res)) return;
  if (!admit(lim.postIp, clientAddress(req, deps.trustProxy ?? null), now, res)) return;
  // A browser names the page a form was sent from; another site's page is refused before the body is read.
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== new URL(deps.publicBaseUrl).origin) return notice(res, 403, 'wrong_origin', { retryHref: token });
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return notice(res, 415, 'unreadable_form', { retryHref: token });
  const params = new URLSearchParams((await readBody(req, maxFormBytes)).toString('utf8'));
  if (!verifyCsrfToken(params.get('csrf'), token, deps.secret, now).ok) return notice(res, 403, 'form_expired', { retryHref: token });

  const form = formSchema.safeParse({ reason: params.get('reason') ?? undefined, comment: params.get('comment') ?? '' });
  if (!form.success) {
    const invoice = await deps.store.findInvoice(link.invoiceId);
    if (!invoice) return notice(res, 404, 'invoice_unknown');
    const errors = Object.fromEntries(form.error.issues.map((i) => [String(i.path[0]), i.message]));
    return sendHtml(res, 400, renderDisputeForm({
      invoice: disputeInvoiceView(invoice),
      csrf: issueCsrfToken(token, deps.secret, now),
      values: { reason: params.get('reason') ?? undefined, comment: params.get('comment') ?? '' },
      errors,
    }));
  }

  const r = await openCustomerDispute(deps.store, { invoiceId: link.invoiceId, ...form.data }, now);
  deps.log.info({ invoice_id: link.invoiceId.toString(), outcome: r.outcome, ...('disputeId' in r ? { dispute_id: r.disputeId.toString() } : {}) }, 'customer dispute link submitted');
  switch (r.outcome) {
    case 'opened': return sendHtml(res, 201, renderDisputeOpened(disputeInvoiceView(r.invoice)));
    case 'already_open': return sendHtml(res, 200, renderAlreadyDisputed(disputeInvoiceView(r.invoice), true));
    case 'paid': return sendHtml(res, 200, renderInvoicePaid(disputeInvoiceView(r.invoice)));
    case 'unknown_invoice': return notice(res, 404, 'invoice_unknown');
  }
}

type PageWork = (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>;

/** Customers see HTML, never the server's JSON errors: a body too large becomes a page, anything else a page with a reference. */
function htmlErrors(deps: DisputePageDeps, work: PageWork): Route['handler'] {
  return async (req, res, params) => {
    try {
      await work(req, res, params.token!);
    } catch (err) {
      if (res.headersSent) throw err;
      if (err instanceof HttpError) return notice(res, err.status, 'unreadable_form', { retryHref: params.token! });
      const reference = randomUUID();
      deps.log.error({ req_ref: reference, err }, 'dispute page failed');
      notice(res, 500, 'internal', { reference });
    }
  };
}

/**
 * GET /d/<token>: the dispute form for the invoice the token names (or why there is none).
 * POST /d/<token>: opens the dispute. Both rate-limited per invoice link and per client address (TRUST_PROXY says
 * how the address is read), in memory, for links that verify only.
 */
export function disputePageRoutes(deps: DisputePageDeps): Route[] {
  const limits = { ...defaultDisputePageLimits, ...deps.limits };
  const lim: Limiters = {
    getIp: createRateLimiter(limits.getPerIp), getLink: createRateLimiter(limits.getPerLink),
    postIp: createRateLimiter(limits.postPerIp), postLink: createRateLimiter(limits.postPerLink),
  };
  const path = /^\/d\/(?<token>[^/]{1,512})$/;
  return [
    { method: 'GET', path, handler: htmlErrors(deps, (req, res, token) => show(deps, lim, req, res, token)) },
    { method: 'POST', path, handler: htmlErrors(deps, (req, res, token) => submit(deps, lim, req, res, token)) },
  ];
}
