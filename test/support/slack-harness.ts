import type { PlanDeps } from '../../src/services/payment-plans.js';
import { WebClient } from '@slack/web-api';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import type { SlackDeps } from '../../adapters/slack/slack-context.js';
import type { KpiStore } from '../../src/ports/kpi-store.js';
import { defaultRightsSettings, type RightsSettings } from '../../src/services/chat-actions/rights-settings.js';
import { quietLog } from './cadence-ledger.js';
import { startFakeSlack, type FakeSlack, type FakeSlackUser } from './fake-slack.js';
import { postToSlackEndpoint, signSlackRequest, slackTestIds, type SlackPostOptions, type SlackPostResult } from './slack-requests.js';
import { publishSlackOn, recordingSurface, slackDepsOn, type RecordedRedraw } from './slack-wiring.js';
import type { TestDb } from './test-db.js';

/** The listeners' dependencies, with the rights and KPI store the core was built with (for tests to reuse). */
export type HarnessDeps = SlackDeps & { readonly rights: RightsSettings; readonly kpis: KpiStore };

/**
 * The real Bolt app on arbot's HTTP server, its Web API and response URLs at the local fake, for the Slack tests.
 * `processBeforeResponse` is on unless asked otherwise, so a listener that throws shows up as an HTTP 500 (in production the ack has
 * already answered 200 and the person is left without a reply): every "never a 500" assertion relies on it.
 */
export interface SlackHarness {
  readonly fake: FakeSlack;
  readonly base: string;
  readonly client: WebClient;
  readonly secret: string;
  /** The listeners' dependencies (the chat core…), on the test's database. */
  readonly deps: HarnessDeps;
  readonly slack: SlackAdapter;
  post(body: string, opts?: Partial<SlackPostOptions>): Promise<SlackPostResult>;
  /** Posts a signed body with a deadline: the status, or 'timeout' when arbot had not answered by then. */
  postWithin(body: string, ms: number): Promise<number | 'timeout'>;
  /** Publishes the current message of a subject (`dispute:12`) in a channel, as the alerts job would; returns its ts. */
  publish(subjectKey: string, channel: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSlackHarness(
  db: TestDb,
  opts: {
    now: Date; zone?: string; users: FakeSlackUser[]; processBeforeResponse?: boolean; rights?: RightsSettings;
    /** Registers a surface standing for another platform on the core, recording what it is asked to redraw. */
    recordRedraws?: RecordedRedraw[];
    /** The payment plans' service (issue 20) for the plan buttons; absent, they are refused. */
    plans?: PlanDeps;
  },
): Promise<SlackHarness> {
  const zone = opts.zone ?? 'Europe/Paris';
  const secret = slackTestIds.signingSecret;
  const fake = await startFakeSlack({ users: opts.users });
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl });
  const rights = opts.rights ?? defaultRightsSettings;
  const deps: HarnessDeps = {
    ...slackDepsOn(db.sql, client, { log: quietLog, now: () => opts.now, zone, rights, ...(opts.plans ? { plans: opts.plans } : {}) }),
    rights, kpis: postgresKpiStore(db.sql, zone),
  };
  if (opts.recordRedraws) deps.core.addSurface(recordingSurface(opts.recordRedraws));
  const slack = await createSlackAdapter({
    signingSecret: secret, apiUrl: fake.apiUrl, processBeforeResponse: opts.processBeforeResponse ?? true,
    authorize: async () => ({ botToken: fake.token, botId: slackTestIds.botId, botUserId: slackTestIds.botUserId }),
  }, deps);
  const http: HttpServer = createHttpServer(slack.routes, quietLog);
  const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  return {
    fake, base, client, secret, deps, slack,
    post: (body, o = {}) => postToSlackEndpoint(base, body, { secret, ...o }),
    async postWithin(body, ms) {
      try {
        const res = await fetch(`${base}/slack/events`, { method: 'POST', body, headers: { ...signSlackRequest(body, secret) }, signal: AbortSignal.timeout(ms) });
        await res.arrayBuffer();
        return res.status;
      } catch (err) {
        if ((err as Error).name === 'TimeoutError') return 'timeout';
        throw err;
      }
    },
    async publish(subjectKey, channel) {
      const view = await subjectView(db.sql, subjectKey, opts.now, zone);
      if (!view) throw new Error(`no view for ${subjectKey}`);
      return publishSlackOn(db.sql, client, subjectKey, channel, buildAlertMessage(view));
    },
    async close() {
      await http.close();
      await slack.stop();
      await fake.close();
    },
  };
}
