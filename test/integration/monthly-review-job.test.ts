import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { postgresMonthlyReviewStore } from '../../adapters/postgres/monthly-review-store.js';
import { postgresReportStore } from '../../adapters/postgres/report-store.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { monthlyReviewJob, type MonthlyReviewJobDeps } from '../../jobs/monthly-review.js';
import { loadConfig } from '../../src/config.js';
import { jobNames } from '../../src/wire/jobs.js';
import { seedReportLedger } from '../support/report-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { slackAlertPublisherOn } from '../support/slack-wiring.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The monthly review job on the ledger of test/support/report-ledger.ts (Europe/Paris), posting through the real
// Slack client to the local fake Web API (the local workspace posts through the same Slack publisher), and the
// stored alert drawn as a Teams card. March 2026's figures are worked out by hand in that file.

const zone = 'Europe/Paris';
let db: TestDb;
let fake: FakeSlack;
let deps: MonthlyReviewJobDeps;
const job = monthlyReviewJob('0 7 * * 1-5');
/** 07:00 in Paris on a day of 2026 after the switch to summer time. */
const morning = (day: string) => new Date(`${day}T05:00:00Z`);
const reviews = () => fake.messages('C0FIN').filter((m) => m.text.startsWith('Top-account review'));

beforeAll(async () => {
  db = await openTestDb();
  await seedReportLedger(db.sql);
  fake = await startFakeSlack();
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  deps = {
    review: { reports: { store: postgresReportStore(db.sql, zone), kpis: postgresKpiStore(db.sql, zone), zone }, store: postgresMonthlyReviewStore(db.sql) },
    dispatch: {
      outbox: postgresAlertOutbox(db.sql),
      view: (a, at) => loadAlertView(db.sql, a, at, zone),
      platforms: [{ publisher: slackAlertPublisherOn(db.sql, client), routing: (a) => loadRoutingFacts(db.sql, a), teams: { sales: 'C0SALES', delivery: 'C0DEL', finance: 'C0FIN' } }],
      maxAttempts: 3,
    },
  };
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe('monthly-review job', () => {
  it('is a scheduled job, every weekday at 07:00 unless REVIEW_SCHEDULE says otherwise', () => {
    expect(jobNames(loadConfig({}))).toContain('monthly-review');
    expect(loadConfig({}).REVIEW_SCHEDULE).toBe('0 7 * * 1-5');
    expect(loadConfig({ REVIEW_SCHEDULE: '0 9 * * 1-5' }).REVIEW_SCHEDULE).toBe('0 9 * * 1-5');
  });

  it('posts nothing on the last day of March', async () => {
    expect(await job.run(deps, morning('2026-03-31'))).toMatchObject({ today: '2026-03-31', due: false });
    expect(reviews()).toHaveLength(0);
  });

  it('posts March\'s review to finance once on Wednesday 1 April, though two instances run it', async () => {
    const runs = await Promise.all([job.run(deps, morning('2026-04-01')), job.run(deps, morning('2026-04-01'))]);
    expect(runs.map((r) => r.queued).sort()).toEqual([false, true]);
    expect(runs[0]).toMatchObject({ today: '2026-04-01', due: true, month: '2026-03' });
    expect(reviews()).toHaveLength(1);
    const [message] = reviews();
    expect(message!.text).toBe('Top-account review of 2026-03 against 2026-02');
    const text = JSON.stringify(message!.blocks);
    expect(text).toContain('Top-account review · 2026-03');
    // TOP1 in March: invoiced T2 500.00 (February: T1 1,000.00), collected P1 400.00 (February: P2 200.00), open
    // T1 600.00 + T2 500.00 (February: T1 1,000.00), overdue T1 600.00 (none in February).
    expect(text).toContain('*Customer TOP1* · TOP1 · top');
    expect(text).toContain('EUR: invoiced €500.00 (−€500.00) · collected €400.00 (+€200.00) · open €1,100.00 (+€100.00) · overdue €600.00 (+€600.00)');
    // STR1 collected S1's 700.00 on 03-25: the totals add 400.00 + 700.00.
    expect(text).toContain('collected €1,100.00 (+€900.00)');
  });

  it('draws the same stored review as a Teams card', async () => {
    const [row] = await db.sql<AlertRow[]>`SELECT * FROM alerts WHERE kind = 'monthly_review'`;
    const view = await loadAlertView(db.sql, row!, morning('2026-04-01'), zone);
    expect(view?.kind).toBe('monthly_review');
    const card = buildAlertCard(view!);
    expect(card.summary).toBe('Top-account review of 2026-03 against 2026-02');
    expect(JSON.stringify(card.card)).toContain('EUR: invoiced €500.00 (−€500.00) · collected €400.00 (+€200.00) · open €1,100.00 (+€100.00) · overdue €600.00 (+€600.00)');
  });

  it('posts nothing more later that day, nor on the second business day', async () => {
    expect(await job.run(deps, new Date('2026-04-01T14:00:00Z'))).toMatchObject({ due: true, month: '2026-03', queued: false });
    expect(await job.run(deps, morning('2026-04-02'))).toMatchObject({ today: '2026-04-02', due: false });
    expect(reviews()).toHaveLength(1);
    expect(await db.sql`SELECT 1 FROM alerts WHERE kind = 'monthly_review'`).toHaveLength(1);
  });

  it('skips a company-wide holiday on the 1st, not a holiday of one country', async () => {
    await db.sql`INSERT INTO holidays (day, country, name) VALUES ('2026-05-01', '*', 'Labour Day'), ('2026-06-01', 'FR', 'Whit Monday')`;
    expect(await job.run(deps, morning('2026-05-01'))).toMatchObject({ today: '2026-05-01', due: false });
    expect(await job.run(deps, morning('2026-05-04'))).toMatchObject({ today: '2026-05-04', due: true, month: '2026-04', queued: true });
    expect(await job.run(deps, morning('2026-06-01'))).toMatchObject({ today: '2026-06-01', due: true, month: '2026-05', queued: true });
    expect(reviews().map((m) => m.text)).toEqual([
      'Top-account review of 2026-03 against 2026-02', 'Top-account review of 2026-04 against 2026-03', 'Top-account review of 2026-05 against 2026-04',
    ]);
  });
});
