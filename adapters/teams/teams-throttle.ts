import type { TurnContext } from 'botbuilder';

/** How long arbot waits out Teams' throttling itself before leaving the retry to its own queues. */
export interface ThrottlePolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** A Retry-After longer than this is not waited for here: the alert queue retries later with backoff. */
  readonly maxWaitMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const defaultThrottlePolicy: ThrottlePolicy = { attempts: 3, maxWaitMs: 10_000 };

interface HttpFailure {
  readonly statusCode?: number;
  readonly response?: { readonly headers?: { get?(name: string): string | undefined } | Record<string, string | undefined> };
}

/** The connector's HTTP status of a failed call, if it was one. */
export function statusOf(err: unknown): number | null {
  const code = (err as HttpFailure | null)?.statusCode;
  return typeof code === 'number' ? code : null;
}

/**
 * How long Teams asked to wait (429 Too Many Requests, or 503), from Retry-After in seconds or as an HTTP date;
 * one second when it did not say. Null for any other failure.
 * @example retryAfterMs({ statusCode: 429, response: { headers: { 'retry-after': '2' } } }) // 2000
 */
export function retryAfterMs(err: unknown, now = Date.now()): number | null {
  const status = statusOf(err);
  if (status !== 429 && status !== 503) return null;
  const headers = (err as HttpFailure).response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string | undefined> | undefined)?.['retry-after'];
  if (raw === undefined || raw === null || String(raw).trim() === '') return 1000;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(String(raw));
  return Number.isNaN(at) ? 1000 : Math.max(0, at - now);
}

/**
 * Runs a connector call, waiting out a short Retry-After on 429/503 (a throttled call was not applied, so trying
 * again cannot post twice). Past `attempts`, or a longer wait, the error is thrown: the caller's queue (alerts are
 * retried with backoff) keeps the work, so throttling never loses an alert.
 */
export async function withRetryAfter<T>(work: () => Promise<T>, policy: ThrottlePolicy = defaultThrottlePolicy): Promise<T> {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const wait = retryAfterMs(err);
      if (wait === null || attempt >= policy.attempts || wait > policy.maxWaitMs) throw err;
      await sleep(wait);
    }
  }
}

interface PipelinePolicy {
  readonly name: string;
  sendRequest(request: { timeout: number }, next: (request: { timeout: number }) => Promise<unknown>): Promise<unknown>;
}

interface RetryingClient {
  readonly client?: {
    readonly pipeline?: {
      removePolicy(options: { name: string }): unknown;
      addPolicy(policy: PipelinePolicy): void;
      getOrderedPolicies(): readonly { readonly name: string }[];
    };
  };
}

/**
 * The connector's HTTP client (Azure core pipeline) retries 429 and 5xx itself, waiting out any Retry-After however
 * long it is: an hour of throttling would hold the alerts job for an hour. This removes that policy from the turn's
 * client, so withRetryAfter decides (short waits) and arbot's queues retry the rest. The client takes no option
 * for it (botbuilder does not pass retry options through), hence the pipeline edit; it is name-based and does
 * nothing if a future version renames the policy.
 */
export function unsafeDropClientRetries(context: TurnContext): void {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as RetryingClient | undefined;
  connector?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

const timeoutPolicy = 'arbotRequestTimeout';

/**
 * The connector's HTTP client has no timeout (0: wait forever), so a Bot Connector that never answers would hold
 * the alerts job (and every alert behind it) indefinitely. This gives each request of the turn's client a timeout;
 * a timed-out post may still have been applied, and the alert queue retries it like any failure.
 */
export function unsafeLimitClientTime(context: TurnContext, timeoutMs: number): void {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as RetryingClient | undefined;
  const pipeline = connector?.client?.pipeline;
  if (!pipeline || pipeline.getOrderedPolicies().some((p) => p.name === timeoutPolicy)) return;
  pipeline.addPolicy({
    name: timeoutPolicy,
    sendRequest: (request, next) => {
      if (!request.timeout) request.timeout = timeoutMs;
      return next(request);
    },
  });
}
