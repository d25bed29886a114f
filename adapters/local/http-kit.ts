import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody } from '../http/respond.js';

/** The workspace's pages load only their own script, styles and frames, and never sit in someone else's frame. */
export const pageCsp = "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

export function sendHtml(res: ServerResponse, html: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'content-security-policy': pageCsp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, extra: Record<string, string | string[]> = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...extra });
  res.end();
}

/** The request's cookies. One that does not decode (`x=%`) is ignored, as if the browser had not sent it. */
export function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      out.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      // URIError: a malformed percent escape. Not ours (we encode every value we set); skip it.
    }
  }
  return out;
}

export const cookie = (name: string, value: string) => `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Strict`;

/** A urlencoded form, every field with all its values (checkboxes repeat a name). At most 64 KiB. */
export async function readForm(req: IncomingMessage): Promise<Map<string, string[]>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new HttpError(415, 'unsupported_media_type', 'send the form as application/x-www-form-urlencoded');
  const form = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'))) form.set(k, [...(form.get(k) ?? []), v]);
  return form;
}

export const field = (form: ReadonlyMap<string, readonly string[]>, name: string): string => form.get(name)?.[0] ?? '';

export const newCsrfToken = () => randomBytes(18).toString('base64url');

/** Where a form may send the browser back to: a page of the workspace, nothing else (no open redirect). */
export function safeBack(back: string): string {
  return /^\/local\/(c\/[A-Za-z0-9_-]{1,80}|home|outbox(\/[0-9TZ]+-[A-Za-z0-9_-]+\.eml)?)$/.test(back) ? back : '/local';
}

/**
 * Whether a request comes from this machine (loopback, or the address the server itself listens on): the local Web
 * API and response URLs are for arbot's own WebClient only, never for the network.
 */
export function isFromThisMachine(req: IncomingMessage): boolean {
  const remote = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  const local = (req.socket.localAddress ?? '').replace(/^::ffff:/, '');
  return remote === '127.0.0.1' || remote === '::1' || (remote !== '' && remote === local);
}
