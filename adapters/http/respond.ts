import type { IncomingMessage, ServerResponse } from 'node:http';
import { toJson } from '../../src/json-output.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = toJson(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { error: { code: err.code, message: err.message } }, err.headers);
}

/** Bytes that requests not yet authenticated may hold in memory at once, shared by the requests of one route. */
export interface BodyBudget {
  /** Reserves `bytes`; false when that would go over the budget. */
  take(bytes: number): boolean;
  give(bytes: number): void;
}

/** A budget of `total` bytes for bodies being read before their signature can be checked. */
export function bodyBudget(total: number): BodyBudget {
  let used = 0;
  return {
    take(bytes) {
      if (used + bytes > total) return false;
      used += bytes;
      return true;
    },
    give(bytes) {
      used -= bytes;
    },
  };
}

export const bodyTooLarge = (limit: number) => new HttpError(413, 'body_too_large', `request body over ${limit} bytes; send smaller batches`);

/**
 * The body's chunks as they arrive. Leaving the loop early (a limit reached) does not destroy the request, so the
 * 413 still reaches the client; the server discards what is left once the answer is out.
 */
export function bodyChunks(req: IncomingMessage): AsyncIterable<Buffer> {
  return req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
}

/**
 * Reads the whole body, refusing more than `limit` bytes with 413 (the declared length at once, the received bytes
 * as they arrive: never more than `limit` is held). With a `budget`, a body that would take the route's requests
 * over it is refused with 503 and Retry-After, so many bodies at once cannot add up to more than the budget.
 */
export async function readBody(req: IncomingMessage, limit: number, budget?: BodyBudget): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw bodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of bodyChunks(req)) {
      if (size + chunk.length > limit) throw bodyTooLarge(limit);
      if (budget && !budget.take(chunk.length)) {
        throw new HttpError(503, 'busy', 'too many requests are being received at once; retry in a few seconds', { 'retry-after': '5' });
      }
      size += chunk.length;
      chunks.push(chunk);
    }
  } finally {
    budget?.give(size);
  }
  return Buffer.concat(chunks, size);
}
