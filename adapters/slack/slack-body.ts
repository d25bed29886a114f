import type { IncomingMessage } from 'node:http';
import { HttpError, readBody } from '../http/respond.js';

/** Slack's own requests are a few KB; anything this large is not from Slack. */
export const slackMaxBodyBytes = 4 * 1024 * 1024;

/**
 * Reads a request for Bolt and refuses what Bolt itself would choke on: a JSON body, or an interaction's
 * `payload` field, that is not a JSON object (`null`, a number, an array). Bolt reads fields of the parsed body
 * before it answers, so such a body would end in an unhandled rejection instead of a response. The buffered body
 * is left on `req.rawBody`, where Bolt's HTTPReceiver takes it instead of reading the stream again.
 */
export async function bufferSlackBody(req: IncomingMessage): Promise<void> {
  const raw = await readBody(req, slackMaxBodyBytes);
  const text = raw.toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const json = type === 'application/json' ? text : new URLSearchParams(text).get('payload');
  if (json !== null && !looksLikeObject(json)) {
    throw new HttpError(400, 'bad_request', 'not a Slack request: the body must be a JSON object');
  }
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
}

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
