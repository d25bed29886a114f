import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Request, Response } from 'botbuilder';
import { bodyBudget, HttpError, readBody } from '../http/respond.js';

/** Bot Framework activities are small; cards arbot receives back carry at most a few form fields. */
const maxActivityBytes = 1024 * 1024;

/** Activity bodies held at once before botbuilder has checked their token: a flood of forged ones gets 503. */
const activityBudget = bodyBudget(8 * 1024 * 1024);

/**
 * The request as botbuilder reads it (Express-style: a parsed JSON body). A body that is not an object is 400.
 * `authenticated`: botbuilder will verify the Bot Framework token, so a request without one is refused (401) before
 * its body is read.
 */
export async function botRequest(req: IncomingMessage, authenticated = false): Promise<Request> {
  if (authenticated && !/^Bearer\s+\S+$/i.test(req.headers.authorization ?? '')) {
    throw new HttpError(401, 'unauthorized', 'a Bot Framework request carries `Authorization: Bearer <token>`');
  }
  const raw = (await readBody(req, maxActivityBytes, activityBudget)).toString('utf8');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body is not JSON: expected a Bot Framework activity');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'invalid_activity', 'expected a Bot Framework activity (a JSON object)');
  }
  return { method: req.method ?? 'POST', headers: req.headers as Request['headers'], body: body as Record<string, unknown> };
}

/** botbuilder answers through Express-style status/header/send/end; this maps them onto node:http. */
export function botResponse(res: ServerResponse): Response {
  let body: string | Buffer | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      res.statusCode = code;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
    },
    send(value: unknown) {
      if (value === undefined || value === null) return;
      if (typeof value === 'string' || Buffer.isBuffer(value)) {
        body = value;
        if (!res.hasHeader('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8');
      } else {
        body = JSON.stringify(value);
        res.setHeader('content-type', 'application/json; charset=utf-8');
      }
    },
    end() {
      if (res.writableEnded) return;
      res.end(body);
    },
  };
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}
