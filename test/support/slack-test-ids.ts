import { randomBytes } from 'node:crypto';

/**
 * Ids, timestamps and small shapes shared by the Slack request builders and the fake Web API. Tests import the
 * public ones (slackTestIds, newTriggerId, slackTs, nowSeconds) from slack-requests.ts.
 */

/** The ids of the test workspace; the fake Web API (fake-slack.ts) answers with the same ones. */
export const slackTestIds = {
  teamId: 'T0ARBOT01',
  teamDomain: 'arbot-test',
  apiAppId: 'A0ARBOT01',
  botUserId: 'U0BOT',
  botId: 'B1',
  botToken: 'xoxb-test',
  /** The deprecated verification token Slack still puts in every body. */
  verificationToken: 'verificationtoken0000000',
  signingSecret: 'test-signing-secret-0123456789abcdef',
} as const;

/** A fresh trigger id shaped like Slack's (`<digits>.<digits>.<32 hex>`); the fake accepts each one once. */
export function newTriggerId(): string {
  return `${Date.now()}${String(++sequence).padStart(3, '0')}.${randomDigits(11)}.${randomBytes(16).toString('hex')}`;
}

/** A Slack timestamp `seconds.micros`, unique within the process. */
export function slackTs(): string {
  return `${nowSeconds()}.${String(++sequence % 1_000_000).padStart(6, '0')}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/**
 * Default response_url: a closed local port, so a test that forgot `fake.responseUrl()` fails loudly instead of
 * posting to hooks.slack.com.
 */
export const unsetResponseUrl = 'http://127.0.0.1:9/respond/unset';

let sequence = 0;

export function payloadForm(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function plainText(text: string) {
  return { type: 'plain_text', text, emoji: true };
}

export function user(id: string, name: string, teamId: string) {
  return { id, username: name, name, team_id: teamId };
}

export function randomId(length: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join('');
}

function randomDigits(length: number): string {
  return Array.from(randomBytes(length), (b) => String(b % 10)).join('');
}
