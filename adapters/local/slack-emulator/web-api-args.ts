import { INVALID_JSON, type Json } from './emulator-types.js';

/** Fields the Web API client sends JSON-encoded inside a form body. */
const jsonFields = ['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks'];

/** A Web API request's arguments, read as Slack reads them. */
export interface WebApiArgs {
  /** Form fields or JSON body with the JSON fields parsed; a field that failed to parse stays a string. */
  readonly args: Json;
  /** What the method gets: such a field marked INVALID_JSON (Slack answers invalid_blocks_format); null for a JSON body that does not parse. */
  readonly methodArgs: Json | null;
  /** The token the call carried: the Bearer header, else the `token` form field (never a JSON body's). */
  readonly token: string | null;
}

/** Arguments as @slack/web-api sends them (form-encoded, `blocks` and `view` as JSON strings) or as a JSON body. */
export function readWebApiArgs(rawBody: string, contentType: string | null, query: URLSearchParams, authorization?: string): WebApiArgs {
  const args: Json = Object.fromEntries(query);
  const json = contentType?.startsWith('application/json') ?? false;
  let parsed = true;
  if (json) {
    try {
      Object.assign(args, JSON.parse(rawBody || '{}'));
    } catch {
      parsed = false;
    }
  } else if (contentType?.startsWith('application/x-www-form-urlencoded') || !contentType) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(rawBody)));
  }
  const methodArgs: Json = { ...args };
  for (const field of jsonFields) {
    if (typeof args[field] !== 'string') continue;
    try {
      args[field] = methodArgs[field] = JSON.parse(args[field]);
    } catch {
      methodArgs[field] = INVALID_JSON;
    }
  }
  const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const formToken = json ? undefined : args.token;
  return { args, methodArgs: parsed ? methodArgs : null, token: bearer ?? (typeof formToken === 'string' ? formToken : null) };
}
