import type { IncomingMessage } from 'node:http';

/** Longer targets are refused: no route of arbot comes near it, and the log line stays short. */
const maxTargetLength = 4096;

/**
 * The request target as a URL, or null when it is not one arbot serves. node:http hands `req.url` through as sent:
 * origin-form (`/path?q`), absolute-form (`http://host/path`, which servers must accept too), `*`, or bytes that
 * no URL parser takes (`//[`, `http://[`). Origin-form is read against a fixed base as a path, never as a
 * scheme-relative URL, so `//[` is the path `//[`, not a host.
 * @example parseRequestTarget('//[')?.pathname // '//['
 * @example parseRequestTarget('http://[') // null
 */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (!target || target.length > maxTargetLength) return null;
  try {
    if (target.startsWith('/')) return new URL(`http://local${target}`);
    if (/^https?:\/\//i.test(target)) return new URL(target);
  } catch {
    return null;
  }
  return null;
}

/**
 * The URL of a request the server has accepted: the server rewrites `req.url` to the parsed path and query before
 * any handler runs, so this never throws in a handler.
 */
export function requestUrl(req: IncomingMessage): URL {
  return parseRequestTarget(req.url) ?? new URL('http://local/');
}
