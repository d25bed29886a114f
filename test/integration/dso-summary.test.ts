import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { trendAltText } from '../../blocks/charts/chart-alt-text.js';
import { trendChartData } from '../../blocks/charts/chart-data.js';
import { buildDsoBlocks, dsoDetailsActionId } from '../../blocks/slack/dso-blocks.js';
import { buildDsoDetailsBlocks } from '../../blocks/slack/dso-details-blocks.js';
import { buildDsoCard } from '../../blocks/teams/dso-card.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import { decodeAction, type ChatAction } from '../../src/chat/chat-action.js';
import type { ChatPerson, ChatShown, Outcome } from '../../src/chat/interaction.js';
import { verifyChartToken } from '../../src/domain/charts/chart-token.js';
import { computeKpiTrend } from '../../src/services/compute-kpis.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customer, importRows, invoice, owner, quietLog } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// /dso summary first (issue 18), through the one chat core on a real ledger: the summary's chart URL (made only
// with PUBLIC_BASE_URL), its alt text against the chart's own data, and the "Details" button decoded and answered.

const now = new Date('2026-03-20T10:00:00Z');
const zone = 'Europe/Paris';
const secret = 'dso-summary-test-secret-0123456789';
const base = 'https://ar.example.com';
let db: TestDb;
let withCharts: ChatCore;
let textOnly: ChatCore;

const person: ChatPerson = { platform: 'local', userId: 'local:ceo', name: 'CEO', chatId: null, email: async () => 'ceo@acme.example' };
const ask = (core: ChatCore, action: ChatAction) => core.handle({ person, action, delivery: null });
function dsoShown(o: Outcome): Extract<ChatShown, { show: 'dso' }> {
  if (o.kind !== 'show' || o.shown.show !== 'dso') throw new Error(`not a /dso answer: ${JSON.stringify(o.kind)}`);
  return o.shown;
}
const texts = (v: unknown) => JSON.stringify(v);

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [owner],
    customers: [customer('NW', zone, 'top', { name: 'Northwind' }), customer('GL', 'America/New_York', 'standard', { name: 'Globex' })],
    invoices: [
      invoice('NW-1', 'NW', '2026-02-14', '1000.00'),
      invoice('NW-2', 'NW', '2026-03-15', '600.00'),
      invoice('GL-1', 'GL', '2026-03-01', '90.00', 'USD'),
    ],
    payments: [{ external_id: 'PAY-1', customer_external_id: 'NW', received_date: '2026-03-05', currency: 'EUR', amount: '1000.00', reference: '', invoice_number: 'INV-NW-1' }],
    disputes: [{ invoice_external_id: 'NW-2', opened_date: '2026-03-17', reason: 'Wrong amount' }],
  });
  withCharts = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone, charts: { publicBaseUrl: base, secret } }).core;
  textOnly = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone }).core;
});
afterAll(async () => {
  await db?.close();
});

describe('/dso summary through the chat core', () => {
  it('answers with twelve month ends per currency and a signed chart URL of the same report, with PUBLIC_BASE_URL', async () => {
    const shown = dsoShown(await ask(withCharts, { type: 'show_dso', asOf: null, segment: 'top', share: false }));
    expect(shown.details).toBeNull();
    expect(shown.report.asOf).toBe('2026-03-20');
    expect(shown.report.trend.map((t) => [t.currency, t.points.length])).toEqual([['EUR', 12]]);
    expect(shown.chartUrl).toMatch(/^https:\/\/ar\.example\.com\/charts\/[^/]+\.png$/);
    const token = shown.chartUrl!.slice(`${base}/charts/`.length, -'.png'.length);
    expect(verifyChartToken(token, secret, now)).toMatchObject({ ok: true, spec: { kind: 'trend', asOf: '2026-03-20', segment: 'top', currency: null } });
  });

  it('states in the alt text exactly what the chart route draws for that URL', async () => {
    const shown = dsoShown(await ask(withCharts, { type: 'show_dso', asOf: '2026-03-31', segment: null, share: false }));
    const spec = { kind: 'trend' as const, asOf: '2026-03-31', segment: null, currency: null };
    const chart = trendChartData(spec, await computeKpiTrend({ store: postgresKpiStore(db.sql, zone), zone, now: () => now }, { asOf: spec.asOf }));
    const blocks = buildDsoBlocks(shown.report, { asOf: shown.report.asOf, shared: false, chartUrl: shown.chartUrl });
    const image = blocks.find((b) => b.type === 'image') as { image_url: string; alt_text: string };
    expect(image.image_url).toBe(shown.chartUrl);
    expect(image.alt_text).toBe(trendAltText(chart));
    expect(image.alt_text).toMatch(/^DSO over 12 months in EUR: no sales in Apr 2025, .*, 90 days in Feb 2026, 34 days in Mar 2026;/);
    const card = buildDsoCard(shown.report, { asOf: shown.report.asOf, chartUrl: shown.chartUrl }).card;
    expect(texts(card)).toContain(JSON.stringify(trendAltText(chart)));
  });

  it('sums up each currency in one line, with DSO\'s move since the end of February', async () => {
    const shown = dsoShown(await ask(withCharts, { type: 'show_dso', asOf: null, segment: null, share: false }));
    const lines = buildDsoBlocks(shown.report, { asOf: shown.report.asOf, shared: false, chartUrl: shown.chartUrl })
      .filter((b) => b.type === 'section').map((b) => (b as { text: { text: string } }).text.text);
    // EUR: 600.00 open of 1,600.00 sold in 90 days (NW-1 paid on 5 March): 33.75 days, against 90 days on 28 February.
    expect(lines).toEqual([
      '*EUR*: DSO 33.8 days (down 56.3 days since end of Feb) · 100.0% of the amount overdue · 600.00 EUR in 1 dispute, average age 3.0 days',
      '*USD*: DSO 90.0 days (unchanged since end of Feb) · 100.0% of the amount overdue · nothing in dispute',
    ]);
  });

  it('makes no chart URL without PUBLIC_BASE_URL: the answer is text only', async () => {
    const shown = dsoShown(await ask(textOnly, { type: 'show_dso', asOf: null, segment: null, share: false }));
    expect(shown.chartUrl).toBeNull();
    const blocks = buildDsoBlocks(shown.report, { asOf: shown.report.asOf, shared: false, chartUrl: shown.chartUrl });
    expect(blocks.some((b) => b.type === 'image')).toBe(false);
    expect(texts(buildDsoCard(shown.report, { asOf: shown.report.asOf, chartUrl: shown.chartUrl }).card)).not.toContain('"Image"');
  });

  it('answers a "Details" button, decoded from the summary\'s own value, with that currency alone in full', async () => {
    const summary = dsoShown(await ask(textOnly, { type: 'show_dso', asOf: '2026-03-20', segment: null, share: true }));
    const buttons = buildDsoBlocks(summary.report, { asOf: summary.report.asOf, shared: true, chartUrl: null })
      .flatMap((b) => ('accessory' in b && b.accessory ? [b.accessory as { action_id: string; value: string }] : []));
    expect(buttons.map((b) => b.action_id)).toEqual([dsoDetailsActionId, dsoDetailsActionId]);
    const decoded = decodeAction(dsoDetailsActionId, JSON.parse(buttons[0]!.value));
    expect(decoded).toEqual({ ok: true, action: { type: 'show_dso_details', asOf: '2026-03-20', segment: null, currency: 'EUR' } });
    if (!decoded.ok) return;
    const details = dsoShown(await ask(textOnly, decoded.action));
    expect(details).toMatchObject({ details: 'EUR', share: false, chartUrl: null, segment: null });
    expect(details.report.currencies.map((c) => c.currency)).toEqual(['EUR']);
    expect(details.report.trend.map((t) => t.currency)).toEqual(['EUR']);
    const text = texts(buildDsoDetailsBlocks(details.report, { asOf: details.report.asOf, currency: 'EUR' }));
    expect(text).toContain('DSO trend, last 12 month ends');
    expect(text).toContain('Northwind* · 600.00 EUR · oldest 5 days overdue');
    expect(text).not.toContain('Globex');
    expect(text).not.toContain('USD');
  });
});
