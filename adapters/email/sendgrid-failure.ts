/**
 * What a failed @sendgrid/mail call means for the caller. Built only from status codes, error codes and the
 * provider's error messages: the raw error is never passed on, because an axios error carries the request
 * config, Authorization header included.
 */
export type SendGridFailure =
  /** 429 or 5xx: not accepted, worth retrying. */
  | { readonly kind: 'transient'; readonly status: number; readonly reason: string; readonly retryAfterMs: number | null }
  /** Any other 4xx (or a message refused before any request was made: status 0). */
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string }
  /** The connection was never made, so the request cannot have been accepted. */
  | { readonly kind: 'unreached'; readonly reason: string }
  /** The request may have reached SendGrid (timeout, reset after sending): never resend on our own. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** Errors raised before a connection exists: DNS failures, refused or unroutable connections. */
const unreachedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  isAxiosError?: unknown;
  cause?: unknown;
  errors?: unknown;
  response?: { status?: unknown; headers?: unknown; body?: unknown; data?: unknown };
}

/**
 * Sorts an error thrown by @sendgrid/client's request (what @sendgrid/mail's send returns): a ResponseError
 * (`code` = HTTP status), a raw axios network error, or an error raised before any request was made.
 * @example classifySendGridError(responseError429WithRetryAfter1, 0) // { kind: 'transient', status: 429, retryAfterMs: 1000, … }
 */
export function classifySendGridError(err: unknown, nowMs: number): SendGridFailure {
  const e = (err ?? {}) as ErrorLike;
  if (typeof e.code === 'number' && e.response) {
    const status = e.code;
    const detail = providerMessages(e.response.body) ?? (typeof e.message === 'string' && e.message ? e.message : null);
    const reason = `sendgrid ${status}${detail ? `: ${detail}` : ''}`;
    if (status === 429 || status >= 500) {
      return { kind: 'transient', status, reason, retryAfterMs: parseRetryAfter(header(e.response.headers, 'retry-after'), nowMs) };
    }
    return { kind: 'rejected', status, reason };
  }
  if (e.isAxiosError !== true) {
    return { kind: 'rejected', status: 0, reason: `sendgrid request not built: ${String(e.message ?? err)}` };
  }
  const code = networkCode(e);
  const message = typeof e.message === 'string' ? e.message : '';
  const what = !code ? message || 'network error' : message.includes(code) ? message : `${code} ${message}`.trim();
  if (code && unreachedCodes.has(code)) return { kind: 'unreached', reason: `sendgrid unreachable: ${what}` };
  const status = typeof e.response?.status === 'number' ? ` (HTTP ${e.response.status})` : '';
  return { kind: 'unknown', reason: `sendgrid outcome unknown: ${what}${status}` };
}

/**
 * Milliseconds to wait from a Retry-After header: delta-seconds or an HTTP date; null when absent or unreadable.
 * @example parseRetryAfter('2', 0) // 2000
 * @example parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')) // 60000
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** SendGrid's `{ errors: [{ message, field }] }`, as one line. */
function providerMessages(body: unknown): string | null {
  const parsed = typeof body === 'string' ? safeJson(body) : body;
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return null;
  const messages = errors
    .map((x: { message?: unknown; field?: unknown }) =>
      typeof x?.message === 'string' ? (typeof x.field === 'string' && x.field ? `${x.message} (${x.field})` : x.message) : null)
    .filter((m): m is string => m !== null);
  return messages.length > 0 ? messages.join('; ') : null;
}

function header(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  const v = typeof h.get === 'function' ? h.get(name) : h[name];
  if (Array.isArray(v)) return v.length > 0 ? String(v[0]) : null;
  return v === undefined || v === null ? null : String(v);
}

/** Node reports a failed dual-stack connect as an AggregateError; axios may wrap the socket error as `cause`. */
function networkCode(e: ErrorLike): string | null {
  if (typeof e.code === 'string' && e.code !== 'ERR_NETWORK') return e.code;
  const cause = e.cause as ErrorLike | undefined;
  if (cause && typeof cause.code === 'string') return cause.code;
  const inner = Array.isArray(e.errors) ? (e.errors[0] as ErrorLike | undefined) : undefined;
  if (inner && typeof inner.code === 'string') return inner.code;
  return typeof e.code === 'string' ? e.code : null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The message id SendGrid answers a 202 with; event webhooks carry it as the prefix of `sg_message_id`.
 * @example messageIdOf({ 'x-message-id': 'W8Ylg1cNTgGpOPyiKzZtAw' }) // "W8Ylg1cNTgGpOPyiKzZtAw"
 */
export function messageIdOf(headers: unknown): string | null {
  return header(headers, 'x-message-id');
}
