import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderNotice, type NoticeKind } from '../../blocks/dispute-page.js';
import { acceptedPageLanguage } from '../../blocks/pages/customer-page.js';
import { planNoteMaxLength, renderPortalPage, type PlanFormBounds, type PortalFormError, type PortalPageInput } from '../../blocks/portal-page.js';
import { addDaysToDate, dateInZone, isCalendarDate } from '../../src/domain/calendar-date.js';
import { addMonthsToDate } from '../../src/domain/plans/plan-schedule.js';
import { normalizeCustomerComment } from '../../src/domain/customer-dispute.js';
import { issueCsrfToken, verifyCsrfToken } from '../../src/domain/dispute-csrf.js';
import { disputeLinkExpiresAt, disputeUrl, signDisputeToken } from '../../src/domain/dispute-link.js';
import { portalLinkStatus, verifyPortalToken } from '../../src/domain/portal-link.js';
import { latestPromiseDate } from '../../src/domain/portal-promise.js';
import { promiseMaxDaysFor } from '../../src/domain/rights/terms-policy.js';
import type { LinkSecret } from '../../src/domain/signed-id-token.js';
import type { BucketRule } from '../../src/domain/token-bucket.js';
import type { Logger } from '../../src/log.js';
import type { CustomerPortal, CustomerPortalStore } from '../../src/ports/customer-portal.js';
import type { PortalPlanRequests } from '../../src/ports/portal-plan-requests.js';
import type { PaymentMethodsStore } from '../../src/ports/payment-methods.js';
import type { PortalPlanProposals } from '../../src/ports/portal-plan-proposals.js';
import { planProposalRoute, proposalsOnPage } from './portal-plan-proposal.js';
import { makePortalPromise } from '../../src/services/make-portal-promise.js';
import { clientAddress, type TrustProxy } from './client-address.js';
import { sendCustomerPage } from './customer-page-response.js';
import { defaultDisputePageLimits, type DisputePageLimits } from './dispute-page.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { HttpError, readBody } from './respond.js';
import type { Route } from './server.js';

export interface PortalPageDeps {
  readonly store: CustomerPortalStore;
  /** From resolveLinkSecret: the secret every customer link is signed with. */
  readonly secret: LinkSecret;
  readonly publicBaseUrl: string;
  /** DISPUTE_LINK_TTL_DAYS: how long the dispute links on the page work. */
  readonly disputeLinkTtlDays: number;
  /**
   * PROMISE_MAX_DAYS: the latest promise a customer may make, as chat promises without approval, where the terms
   * policy (`arbot policy terms`) sets none for the customer's segment.
   */
  readonly promiseMaxDays: number;
  readonly now: () => Date;
  readonly log: Logger;
  /** The dispute page's limits by default (per link here means per customer). */
  readonly limits?: Partial<DisputePageLimits>;
  readonly trustProxy?: TrustProxy;
  /** Payment plans: with it, the page offers "Request a payment plan" and POST /p/<token>/plan exists. */
  readonly planRequests?: PortalPlanRequests;
  /** Plans proposed to the customer: with it, the page shows them with Accept / Decline (POST /p/<token>/proposal). */
  readonly planProposals?: PortalPlanProposals;
  /** The payment details in force, for "How to pay" as on the statement page (never a pending change); absent: none shown. */
  readonly payments?: Pick<PaymentMethodsStore, 'current'>;
  /** BANK_CHANGE_NOTICE_DAYS. */
  readonly bankChangeNoticeDays?: number;
}

/** Forged or malformed: 403; expired or revoked (the customer's key was rotated): 410. Never any data. */
const linkStatus = {
  malformed: [403, 'link_malformed'], bad_signature: [403, 'link_forged'], expired: [410, 'link_expired'], revoked: [410, 'link_revoked'],
} as const;

const maxFormBytes = 32 * 1024;

const notice = (res: ServerResponse, status: number, kind: NoticeKind, opts: { retryHref?: string; reference?: string } = {}) =>
  sendCustomerPage(res, status, renderNotice(kind, { locale: acceptedPageLanguage(res.req?.headers['accept-language']), ...opts }));

interface Limiters { readonly getIp: RateLimiter; readonly getLink: RateLimiter; readonly postIp: RateLimiter; readonly postLink: RateLimiter }

function admit(limiter: RateLimiter, key: string, now: Date, res: ServerResponse): boolean {
  const t = limiter.take(key, now.getTime());
  if (!t.allowed) {
    const locale = acceptedPageLanguage(res.req?.headers['accept-language']);
    sendCustomerPage(res, 429, renderNotice('rate_limited', { locale }), { 'retry-after': String(t.retryAfterSeconds) });
  }
  return t.allowed;
}

type Link = { customerId: bigint; keyVersion: number };

/**
 * Verifies the link (signature, expiry, then the customer's current key version) and spends the rate buckets, the
 * link's own first, like the dispute page: only a link that verifies spends any. Null: the answer is sent.
 */
async function openLink(
  deps: PortalPageDeps, lim: readonly [RateLimiter, RateLimiter], req: IncomingMessage, res: ServerResponse, token: string, now: Date,
): Promise<Link | null> {
  const check = verifyPortalToken(token, deps.secret, now);
  const status = portalLinkStatus(check, check.ok ? await deps.store.keyVersion(check.customerId) : null);
  if (!status.ok || !check.ok) {
    const [code, kind] = linkStatus[status.ok ? 'malformed' : status.reason];
    notice(res, code, kind);
    return null;
  }
  if (!admit(lim[0], status.customerId.toString(), now, res)) return null;
  if (!admit(lim[1], clientAddress(req, deps.trustProxy ?? null), now, res)) return null;
  return { customerId: status.customerId, keyVersion: check.keyVersion };
}

/**
 * The plan form's bounds on the customer's `today`, from the plan policy: 2 to max_instalments monthly payments, the
 * first from tomorrow to the last day that still leaves room for two within max_months. Null without a plan port.
 */
async function planBoundsOn(deps: PortalPageDeps, today: string): Promise<(PlanFormBounds & { maxMonths: number }) | null> {
  if (!deps.planRequests) return null;
  const b = await deps.planRequests.bounds();
  const firstMin = addDaysToDate(today, 1);
  const latest = addMonthsToDate(today, b.maxMonths - 1);
  return { maxCount: b.maxInstalments, firstMin, firstMax: latest < firstMin ? firstMin : latest, maxMonths: b.maxMonths };
}

/** The page's figures; the latest promise date is the terms policy's for the customer's segment, read now. */
async function pageInput(deps: PortalPageDeps, portal: CustomerPortal, token: string, now: Date, planBounds: PlanFormBounds | null = null): Promise<PortalPageInput> {
  const today = dateInZone(now, portal.timezone);
  const expiresAt = disputeLinkExpiresAt(now, deps.disputeLinkTtlDays);
  const promiseMaxDays = promiseMaxDaysFor(await deps.store.termsPolicy(), portal.segment ?? null, deps.promiseMaxDays);
  const details = deps.payments ? await deps.payments.current() : null;
  return {
    ...(details === null ? {} : {
      paymentDetails: (currency: string) => details.get(currency) ?? null, now,
      ...(deps.bankChangeNoticeDays === undefined ? {} : { bankChangeNoticeDays: deps.bankChangeNoticeDays }),
    }),
    portal, today, latestPromiseDate: latestPromiseDate(today, promiseMaxDays),
    csrf: issueCsrfToken(token, deps.secret, now),
    promiseAction: `/p/${token}/promise`,
    planAction: deps.planRequests ? `/p/${token}/plan` : null,
    planBounds,
    disputeUrl: (invoiceId) => disputeUrl(deps.publicBaseUrl, signDisputeToken({ invoiceId, expiresAt }, deps.secret)),
  };
}

async function show(deps: PortalPageDeps, lim: Limiters, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const now = deps.now();
  const link = await openLink(deps, [lim.getLink, lim.getIp], req, res, token, now);
  if (!link) return;
  const portal = await deps.store.findPortal(link.customerId, now);
  if (!portal) return notice(res, 410, 'link_revoked');
  const bounds = await planBoundsOn(deps, dateInZone(now, portal.timezone));
  const proposals = await proposalsOnPage(deps.planProposals, link.customerId, token, now);
  sendCustomerPage(res, 200, renderPortalPage({ ...(await pageInput(deps, portal, token, now, bounds)), ...proposals }));
}

/** The checks every form post passes before its fields are read: link, rate, origin, type, CSRF. Null: answered. */
async function readForm(
  deps: PortalPageDeps, lim: Limiters, req: IncomingMessage, res: ServerResponse, token: string, now: Date,
): Promise<{ link: Link; params: URLSearchParams } | null> {
  const link = await openLink(deps, [lim.postLink, lim.postIp], req, res, token, now);
  if (!link) return null;
  const retryHref = `/p/${token}`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== new URL(deps.publicBaseUrl).origin) return (notice(res, 403, 'wrong_origin', { retryHref }), null);
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return (notice(res, 415, 'unreadable_form', { retryHref }), null);
  const params = new URLSearchParams((await readBody(req, maxFormBytes)).toString('utf8'));
  if (!verifyCsrfToken(params.get('csrf'), token, deps.secret, now).ok) return (notice(res, 403, 'form_expired', { retryHref }), null);
  return { link, params };
}

/** Invoice ids as the form sent them: digits only, at most 200; anything else names no invoice of this customer. */
const invoiceIdsOf = (params: URLSearchParams): string[] => params.getAll('invoice').slice(0, 200).map((v) => v.trim());
const asIds = (ids: readonly string[]): bigint[] => ids.map((v) => (/^\d{1,18}$/.test(v) ? BigInt(v) : -1n));

async function promise(deps: PortalPageDeps, lim: Limiters, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const now = deps.now();
  const form = await readForm(deps, lim, req, res, token, now);
  if (!form) return;
  const invoiceIds = invoiceIdsOf(form.params);
  const date = (form.params.get('date') ?? '').slice(0, 40);
  const amount = (form.params.get('amount') ?? '').slice(0, 40);
  const r = await makePortalPromise(deps.store, { ...form.link, invoiceIds: asIds(invoiceIds), date, amount }, now, deps.promiseMaxDays);
  deps.log.info({ customer_id: form.link.customerId.toString(), outcome: r.outcome, ...(r.outcome === 'refused' ? { code: r.refusal.code } : {}) }, 'customer portal promise submitted');
  if (r.outcome === 'revoked') return notice(res, 410, 'link_revoked');
  const base = await pageInput(deps, r.portal, token, now, await planBoundsOn(deps, dateInZone(now, r.portal.timezone)));
  if (r.outcome === 'refused') {
    return sendCustomerPage(res, 400, renderPortalPage({ ...base, form: { which: 'promise', invoiceIds, date, amount, error: r.refusal } }));
  }
  const numbers = r.parts.map((p) => r.portal.invoices.find((i) => i.invoiceId === p.invoiceId)?.number ?? '');
  // The page after the promise shows it on the invoices: read again, inside nothing (the promise is committed).
  const portal = (await deps.store.findPortal(form.link.customerId, now)) ?? r.portal;
  sendCustomerPage(res, 201, renderPortalPage({
    ...base, portal,
    done: { kind: 'promised', amountMinor: r.parts.reduce((s, p) => s + p.amountMinor, 0n), currency: r.currency, date: r.date, numbers },
  }));
}

async function plan(deps: PortalPageDeps, plans: PortalPlanRequests, lim: Limiters, req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  const now = deps.now();
  const form = await readForm(deps, lim, req, res, token, now);
  if (!form) return;
  const portal = await deps.store.findPortal(form.link.customerId, now);
  if (!portal) return notice(res, 410, 'link_revoked');
  const today = dateInZone(now, portal.timezone);
  const bounds = (await planBoundsOn(deps, today))!;
  const invoiceIds = invoiceIdsOf(form.params);
  const count = (form.params.get('count') ?? '').trim().slice(0, 10);
  const firstDate = (form.params.get('first_date') ?? '').trim().slice(0, 40);
  const note = normalizeCustomerComment(form.params.get('note') ?? '');
  const open = new Map(portal.invoices.map((i) => [i.invoiceId, i]));
  const chosen = [...new Set(asIds(invoiceIds))];
  const picked = chosen.map((id) => open.get(id));
  const n = /^\d{1,3}$/.test(count) ? Number(count) : NaN;
  const latestLast = addMonthsToDate(today, bounds.maxMonths);
  let error: PortalFormError | null = null;
  if (chosen.length === 0) error = { code: 'invoices_required' };
  else if (picked.some((p) => p === undefined)) error = { code: 'invoice_not_open' };
  else if (new Set(picked.map((p) => p!.currency)).size > 1) error = { code: 'mixed_currencies' };
  else if (!(n >= 2 && n <= bounds.maxCount)) error = { code: 'count_invalid', max: bounds.maxCount };
  else if (!isCalendarDate(firstDate)) error = { code: 'date_invalid' };
  else if (firstDate < bounds.firstMin) error = { code: 'date_too_early', earliest: bounds.firstMin };
  else if (firstDate > bounds.firstMax) error = { code: 'date_too_late', latest: bounds.firstMax };
  else if (addMonthsToDate(firstDate, n - 1) > latestLast) error = { code: 'plan_too_long', latest: latestLast };
  else if (note.length > planNoteMaxLength) error = { code: 'note_too_long' };
  if (error === null) {
    const r = await plans.request(portal.customerId, picked[0]!.currency, chosen, { count: n, firstDate, note }, now);
    if (!r.ok) error = { code: 'plan_refused', refused: r.code, facts: r.facts };
  }
  deps.log.info({
    customer_id: portal.customerId.toString(), outcome: error === null ? 'requested' : error.code, ...(error?.code === 'plan_refused' ? { refused: error.refused } : {}),
  }, 'customer portal plan request submitted');
  if (error !== null) {
    const base = await pageInput(deps, portal, token, now, bounds);
    return sendCustomerPage(res, 400, renderPortalPage({ ...base, form: { which: 'plan', invoiceIds, count, firstDate, note, error } }));
  }
  // The page after the request shows it on the invoices ("Payment plan requested"): read again.
  const after = (await deps.store.findPortal(form.link.customerId, now)) ?? portal;
  const base = await pageInput(deps, after, token, now, bounds);
  sendCustomerPage(res, 201, renderPortalPage({ ...base, done: { kind: 'plan_requested', numbers: picked.map((p) => p!.number) } }));
}

type PageWork = (req: IncomingMessage, res: ServerResponse, token: string) => Promise<void>;

/** Customers see HTML, never the server's JSON errors. */
function htmlErrors(deps: PortalPageDeps, work: PageWork): Route['handler'] {
  return async (req, res, params) => {
    try {
      await work(req, res, params.token!);
    } catch (err) {
      if (res.headersSent) throw err;
      if (err instanceof HttpError) return notice(res, err.status, 'unreadable_form', { retryHref: `/p/${params.token!}` });
      const reference = randomUUID();
      deps.log.error({ req_ref: reference, err }, 'customer portal failed');
      notice(res, 500, 'internal', { reference });
    }
  };
}

/**
 * GET /p/<token>: the customer's portal. POST /p/<token>/promise: a promise to pay. POST /p/<token>/plan (only
 * with a plan port): a payment plan request. Rate-limited per customer link and per client address, in memory,
 * with the dispute page's limits; forms carry the dispute page's CSRF token and origin check.
 */
export function portalPageRoutes(deps: PortalPageDeps): Route[] {
  const limits = { ...defaultDisputePageLimits, ...deps.limits };
  const lim: Limiters = {
    getIp: createRateLimiter(limits.getPerIp), getLink: createRateLimiter(limits.getPerLink),
    postIp: createRateLimiter(limits.postPerIp), postLink: createRateLimiter(limits.postPerLink),
  };
  const token = '(?<token>[^/]{1,512})';
  const routes: Route[] = [
    { method: 'GET', path: new RegExp(`^\\/p\\/${token}$`), handler: htmlErrors(deps, (req, res, t) => show(deps, lim, req, res, t)) },
    { method: 'POST', path: new RegExp(`^\\/p\\/${token}\\/promise$`), handler: htmlErrors(deps, (req, res, t) => promise(deps, lim, req, res, t)) },
  ];
  const plans = deps.planRequests;
  if (plans) routes.push({ method: 'POST', path: new RegExp(`^\\/p\\/${token}\\/plan$`), handler: htmlErrors(deps, (req, res, t) => plan(deps, plans, lim, req, res, t)) });
  if (deps.planProposals) {
    routes.push(planProposalRoute(deps.planProposals, token, {
      wrap: (work) => htmlErrors(deps, work), readForm: (req, res, t, now) => readForm(deps, lim, req, res, t, now),
      page: async (customerId, t, now) => {
        const portal = await deps.store.findPortal(customerId, now);
        return portal ? pageInput(deps, portal, t, now, await planBoundsOn(deps, dateInZone(now, portal.timezone))) : null;
      },
      revoked: (res) => notice(res, 410, 'link_revoked'), now: deps.now, log: deps.log,
    }));
  }
  return routes;
}
