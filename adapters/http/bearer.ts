import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.js';

/**
 * Checks `Authorization: Bearer <token>` in constant time. Without a configured token the API is closed:
 * every call gets 401, so an unconfigured server never accepts ledger writes.
 */
export function requireBearer(req: IncomingMessage, token: string | undefined): void {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  const digest = (s: string) => createHash('sha256').update(s).digest();
  if (!token) throw new HttpError(401, 'api_disabled', 'the API is disabled: set API_TOKEN on the server');
  if (!m || !timingSafeEqual(digest(m[1]!.trim()), digest(token))) {
    throw new HttpError(401, 'unauthorized', 'missing or wrong bearer token');
  }
}
