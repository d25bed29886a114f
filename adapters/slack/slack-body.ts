import type { IncomingMessage } from 'node:http';
import { bodyBudget, HttpError, readBody, type BodyBudget } from '../http/respond.js';

/**
 * Slack's own requests are small: a message holds at most 50 blocks and a modal 100, each text at most 3,000
 * characters, so even a view_submission echoing a full modal stays in the hundreds of KB once form-encoded.
 */
export const slackMaxBodyBytes = 1024 * 1024;
/** Bodies held at once before Bolt checks their signature: a flood of large forged ones gets 503. */
export const slackBodyBudgetBytes = 8 * 1024 * 1024;
/** Slack's `ssl_check=1&token=…` probe carries no signature headers; it is the only unsigned body let through. */
const sslCheckMaxBytes = 1024;
/** Slack's replay window, both ways: Bolt refuses only the past; a timestamp this far ahead is refused too. */
export const slackMaxSkewSeconds = 5 * 60;

const single = (v: string | string[] | undefined) => (Array.isArray(v) ? undefined : v);

/**
 * What can be checked before the body is read: both signature headers present, the timestamp within five minutes of
 * now (past or future). Returns 'unsigned' for a request with neither header (only Slack's ssl_check may be one).
 */
export function checkSlackHeaders(req: IncomingMessage, nowMs: number): 'signed' | 'unsigned' {
  const timestamp = single(req.headers['x-slack-request-timestamp']);
  const signature = single(req.headers['x-slack-signature']);
  if (timestamp === undefined && signature === undefined) return 'unsigned';
  const unauthorized = (why: string) => new HttpError(401, 'invalid_signature', `not a signed Slack request: ${why}`);
  if (!timestamp || !signature) throw unauthorized('the x-slack-signature and x-slack-request-timestamp headers are required');
  if (!/^\d{1,12}$/.test(timestamp)) throw unauthorized('x-slack-request-timestamp is not a Unix time in seconds');
  if (Math.abs(Number(timestamp) - Math.floor(nowMs / 1000)) > slackMaxSkewSeconds) throw unauthorized('x-slack-request-timestamp is more than 5 minutes from now');
  if (!/^v0=[0-9a-fA-F]{1,128}$/.test(signature)) throw unauthorized('x-slack-signature is not a v0 signature');
  return 'signed';
}

/**
 * Reads a request for Bolt, after checking its signature headers, and refuses what Bolt itself would choke on: a
 * JSON body, or an interaction's `payload` field, that is not a JSON object (`null`, a number, an array). Bolt reads
 * fields of the parsed body before it answers, so such a body would end in an unhandled rejection instead of a
 * response. The buffered body is left on `req.rawBody`, where Bolt's HTTPReceiver takes it instead of reading the
 * stream again; Bolt then verifies the signature itself.
 */
export async function bufferSlackBody(req: IncomingMessage, nowMs = Date.now(), budget: BodyBudget = unlimited): Promise<void> {
  if (checkSlackHeaders(req, nowMs) === 'unsigned') {
    const raw = await readBody(req, sslCheckMaxBytes).catch(() => null);
    if (raw === null || new URLSearchParams(raw.toString('utf8')).get('ssl_check') !== '1') {
      throw new HttpError(401, 'invalid_signature', 'not a signed Slack request: the x-slack-signature and x-slack-request-timestamp headers are required');
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    return;
  }
  const raw = await readBody(req, slackMaxBodyBytes, budget);
  const text = raw.toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const json = type === 'application/json' ? text : new URLSearchParams(text).get('payload');
  if (json !== null && !looksLikeObject(json)) {
    throw new HttpError(400, 'bad_request', 'not a Slack request: the body must be a JSON object');
  }
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
}

const unlimited = bodyBudget(Number.MAX_SAFE_INTEGER);

/** A budget for one Slack adapter's requests. */
export const slackBodyBudget = () => bodyBudget(slackBodyBudgetBytes);

/**
 * False only for valid JSON that is not an object (`null`, `42`, `[1]`). Slack's own bodies start with `{` and are
 * not parsed here: Bolt parses them once; text that is not JSON at all is Bolt's to refuse too.
 */
function looksLikeObject(json: string): boolean {
  if (json.trimStart().startsWith('{')) return true;
  try {
    JSON.parse(json);
  } catch {
    return true;
  }
  return false;
}
