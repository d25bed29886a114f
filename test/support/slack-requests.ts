import { createHmac } from 'node:crypto';
import { newTriggerId, nowSeconds, randomId, slackTestIds, slackTs, unsetResponseUrl } from './slack-test-ids.js';

/**
 * Requests exactly as Slack sends them to a Request URL: the same form fields and payload shapes (Slack's
 * interaction-payload reference and real captured bodies), the same encoding, signed with
 * `v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + body))`. Bodies are strings because the signature
 * covers the exact bytes.
 */

export { newTriggerId, nowSeconds, slackTestIds, slackTs } from './slack-test-ids.js';
export * from './slack-interactions.js';

export const formContentType = 'application/x-www-form-urlencoded';
export const jsonContentType = 'application/json';

export interface SlackSignedHeaders {
  'x-slack-request-timestamp': string;
  'x-slack-signature': string;
  'content-type': string;
}

/**
 * Headers Slack sends with `body`. The content type follows the body: JSON for Events API envelopes, form-encoded
 * for commands and interactions. Bolt compares the content type exactly, so no `; charset` suffix.
 * @example signSlackRequest('token=x&command=%2Fdso', secret, 1531420618)['x-slack-signature'] // "v0=…"
 */
export function signSlackRequest(body: string, secret: string, timestampSeconds = nowSeconds()): SlackSignedHeaders {
  const timestamp = String(timestampSeconds);
  const hex = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${hex}`,
    'content-type': body.startsWith('{') ? jsonContentType : formContentType,
  };
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  userId?: string;
  userName?: string;
  channelId?: string;
  channelName?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** Where `respond()` posts: use `fake.responseUrl()`. */
  responseUrl?: string;
  triggerId?: string;
  token?: string;
}

/**
 * A slash-command body: Slack's fields, in Slack's order, encoded like Slack (URLSearchParams rules: space as
 * `+`, `/` and `:` percent-encoded), which reproduces the shared signed example byte for byte.
 */
export function slashCommandBody(input: SlashCommandInput): string {
  const ids = slackTestIds;
  return new URLSearchParams([
    ['token', input.token ?? ids.verificationToken],
    ['team_id', input.teamId ?? ids.teamId],
    ['team_domain', input.teamDomain ?? ids.teamDomain],
    ['channel_id', input.channelId ?? 'C0FINANCE'],
    ['channel_name', input.channelName ?? 'finance'],
    ['user_id', input.userId ?? 'U0ANA'],
    ['user_name', input.userName ?? 'ana'],
    ['command', input.command],
    ['text', input.text ?? ''],
    ['api_app_id', input.apiAppId ?? ids.apiAppId],
    ['is_enterprise_install', 'false'],
    ['response_url', input.responseUrl ?? unsetResponseUrl],
    ['trigger_id', input.triggerId ?? newTriggerId()],
  ]).toString();
}

export interface AppHomeOpenedInput {
  userId?: string;
  /** The app's DM channel with the user. */
  channelId?: string;
  tab?: 'home' | 'messages';
  /** The home view last published for this user, if any (Slack omits it the first time). */
  view?: Record<string, unknown>;
  teamId?: string;
  apiAppId?: string;
  eventId?: string;
  eventTimeSeconds?: number;
}

/** An `app_home_opened` event in its `event_callback` envelope: a JSON body. */
export function appHomeOpenedEvent(input: AppHomeOpenedInput = {}): string {
  const ids = slackTestIds;
  return eventCallbackBody({
    type: 'app_home_opened',
    user: input.userId ?? 'U0ANA',
    channel: input.channelId ?? 'D0ANA',
    tab: input.tab ?? 'home',
    ...(input.view ? { view: input.view } : {}),
    event_ts: slackTs(),
  }, { teamId: input.teamId ?? ids.teamId, apiAppId: input.apiAppId, eventId: input.eventId, eventTimeSeconds: input.eventTimeSeconds });
}

/** Wraps any Events API event in Slack's `event_callback` envelope (with `authorizations`), as JSON. */
export function eventCallbackBody(
  event: Record<string, unknown>,
  envelope: { teamId?: string; apiAppId?: string | undefined; eventId?: string | undefined; eventTimeSeconds?: number | undefined } = {},
): string {
  const ids = slackTestIds;
  const teamId = envelope.teamId ?? ids.teamId;
  return JSON.stringify({
    token: ids.verificationToken,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: envelope.apiAppId ?? ids.apiAppId,
    event,
    type: 'event_callback',
    event_id: envelope.eventId ?? `Ev${randomId(10)}`,
    event_time: envelope.eventTimeSeconds ?? nowSeconds(),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: ids.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  });
}

/** The challenge Slack posts when a Request URL is saved. */
export function urlVerificationBody(challenge: string): string {
  return JSON.stringify({ token: slackTestIds.verificationToken, challenge, type: 'url_verification' });
}

export interface SlackPostOptions {
  secret: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  /** Replaces the computed signature (to send a bad one). */
  signature?: string;
  /** Slack's retry headers for Events API redeliveries: `x-slack-retry-num`, `x-slack-retry-reason` (http_timeout, …). */
  retryNum?: number;
  retryReason?: string;
  /** Default `/slack/events`. */
  path?: string;
}

export interface SlackPostResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body when it is JSON (ack payloads such as `response_action: 'errors'`); null otherwise. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- shape depends on the ack, asserted by tests
}

/** POSTs a signed body to `${baseUrl}/slack/events` as Slack would, and returns what the app answered. */
export async function postToSlackEndpoint(baseUrl: string, body: string, options: SlackPostOptions): Promise<SlackPostResult> {
  const headers: Record<string, string> = { ...signSlackRequest(body, options.secret, options.timestamp) };
  if (options.signature !== undefined) headers['x-slack-signature'] = options.signature;
  if (options.retryNum !== undefined) headers['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['x-slack-retry-reason'] = options.retryReason;
  headers['user-agent'] = 'Slackbot 1.0 (+https://api.slack.com/robots)';
  const res = await fetch(`${baseUrl.replace(/\/$/, '')}${options.path ?? '/slack/events'}`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}
