import type { SlackEmulatorStore } from '../../../src/ports/local-slack-store.js';
import { chatMethods, storeMessage } from './chat-methods.js';
import { directoryMethods } from './directory-methods.js';
import { fail, slackTs, type EmulatorOptions, type Json, type Method, type MethodContext } from './emulator-types.js';
import { ResponseUrls, type ResponseAnswer, type ResponseContext } from './response-urls.js';
import { viewMethods } from './view-methods.js';

/** The Web API methods arbot calls, as the emulator answers them. */
export const emulatedMethods: Readonly<Record<string, Method>> = { ...chatMethods, ...viewMethods, ...directoryMethods };

/** Trigger ids remembered as exchanged; older ones are long expired in Slack (3 s). */
const rememberedTriggers = 10_000;

/**
 * One imitation of the Slack Web API, for the local workspace (Postgres store, served on arbot's own server) and
 * the tests (in-memory store, served by test/support/fake-slack.ts): the methods arbot calls and response URLs,
 * answered as Slack answers them, `{ ok: false, error }` and Block Kit limits included.
 */
export interface SlackEmulator {
  readonly store: SlackEmulatorStore;
  /** Whether calls with this token are authorized. */
  accepts(token: string | null): boolean;
  /** Answers a Web API call: not_authed / invalid_auth / invalid_json / unknown_method, else the method's answer. */
  call(method: string, args: Json | null, token: string | null): Promise<Json>;
  /** Mints a response URL id for an interaction (or registers `id`). */
  mintResponseUrl(context: ResponseContext, id?: string): string;
  hasResponseUrl(id: string): boolean;
  /** A post to a response URL. */
  respond(id: string, rawBody: string): Promise<ResponseAnswer>;
  /** Stores a message a person typed (or the workspace itself shows), beside the app's. */
  postAs(author: string, channel: string, text: string, o?: { blocks?: unknown[] | null; visibleTo?: string | null }): Promise<string>;
  /** A fresh Slack-shaped ts (action_ts, message_ts of an event). */
  stamp(): Promise<string>;
  /** Forgets response URLs and exchanged triggers (the store is the caller's to reset). */
  reset(): void;
}

export function createSlackEmulator(options: EmulatorOptions): SlackEmulator {
  const usedTriggers = new Set<string>();
  const context: MethodContext = {
    ...options,
    stamp: async () => slackTs(options.now(), await options.store.nextSeq()),
    newViewId: async () => `V${(await options.store.nextSeq()).toString().padStart(10, '0')}`,
    usedTriggers,
  };
  const responseUrls = new ResponseUrls();
  const tokens = new Set(options.tokens);
  return {
    store: options.store,
    accepts: (token) => token !== null && tokens.has(token),
    async call(method, args, token) {
      if (!token) return fail('not_authed');
      if (!tokens.has(token)) return fail('invalid_auth');
      if (args === null) return fail('invalid_json');
      const handler = emulatedMethods[method];
      if (!handler) return fail('unknown_method', { req_method: method });
      const answer = await handler(args, context);
      for (const t of usedTriggers) {
        if (usedTriggers.size <= rememberedTriggers) break;
        usedTriggers.delete(t);
      }
      return answer;
    },
    mintResponseUrl: (c, id) => responseUrls.mint(c, id),
    hasResponseUrl: (id) => responseUrls.has(id),
    respond: (id, rawBody) => responseUrls.post(context, id, rawBody),
    async postAs(author, channel, text, o = {}) {
      const m = await storeMessage(context, channel, { text, blocks: o.blocks ?? undefined }, {
        threadTs: null, visibleTo: o.visibleTo ?? null, via: 'person', author,
      });
      return m.ts;
    },
    stamp: context.stamp,
    reset() {
      responseUrls.clear();
      usedTriggers.clear();
    },
  };
}
