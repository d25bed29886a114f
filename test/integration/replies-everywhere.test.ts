import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadenceStats } from '../../adapters/postgres/cadence-stats.js';
import { loadAlertView, loadCustomerOverview, loadHomeQueue, type AlertRow } from '../../adapters/postgres/chat-views.js';
import { postgresDigestStore } from '../../adapters/postgres/digest-store.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { buildDigestMessage } from '../../blocks/slack/digest-blocks.js';
import { buildHomeView } from '../../blocks/slack/home-view.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { buildDigestCard } from '../../blocks/teams/digest-card.js';
import { runCli } from '../../src/cli/main.js';
import { weeklyDigest } from '../../src/services/weekly-digest.js';
import type { WeeklyDigest } from '../../src/views/digest-view.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Customer replies "everywhere" (issue 17): the conversation in /ar, "Replies waiting for me" on the App Home, the
// weekly digest's reply counts and `arbot cadence stats`' reply rate, all read from real inbound_replies rows.

let db: TestDb;
const zone = 'Europe/Paris';
const now = new Date('2026-03-20T10:00:00Z'); // Friday; the digest's week is (13 March 10:00, 20 March 10:00] UTC

const ids = { email: new Map<string, bigint>(), reply: new Map<string, bigint>(), owner: new Map<string, bigint>() };
const who = (k: string) => ids.owner.get(k)!;
const rid = (k: string) => ids.reply.get(k)!.toString();

async function sentEmail(key: string, customerId: string, invoiceId: string, step: string, sentAt: string) {
  const [e] = await db.sql<{ id: bigint }[]>`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at)
    SELECT id, 'standard', ${step}, ${step}, 'sent', ${sentAt}, billing_emails, ${sentAt} FROM customers WHERE external_id = ${customerId}
    RETURNING id`;
  await db.sql`INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
               SELECT id, ${step}, 'standard', ${e!.id.toString()}::int8, amount_minor, currency FROM invoices WHERE external_id = ${invoiceId}`;
  ids.email.set(key, e!.id);
}

interface ReplyRow {
  customer?: string; email?: string; matchedBy?: 'token' | 'thread' | 'sender'; machine?: 'auto_reply' | 'delivery_status';
  receivedAt: string; from?: string; subject?: string; text?: string | null; html?: string | null;
  handled?: { at: string; by: string; how: 'answered' | 'promise' | 'dispute' | 'resumed' | 'done' };
}

/** A stored reply as the matcher leaves it: matched to a customer (and maybe an email), or machine mail, or neither. */
async function reply(key: string, r: ReplyRow) {
  const [row] = await db.sql<{ id: bigint }[]>`
    INSERT INTO inbound_replies (message_id, received_at, mode, from_address, subject, text_body, html_body, raw_size,
                                 customer_id, reminder_email_id, matched_by, machine, matched_at, handled_at, handled_by, handled_how)
    VALUES (${`<${key}@mail.example>`}, ${r.receivedAt}, 'parsed', ${r.from ?? 'Ann Doe <ap@acme-r.example>'}, ${r.subject ?? `Re: reminder ${key}`},
            ${r.text === undefined ? `Reply ${key}` : r.text}, ${r.html ?? null}, 100,
            (SELECT id FROM customers WHERE external_id = ${r.customer ?? null}),
            ${r.email ? ids.email.get(r.email)!.toString() : null}::int8, ${r.matchedBy ?? null}, ${r.machine ?? null}, ${r.receivedAt},
            ${r.handled?.at ?? null}, ${r.handled?.by ?? null}, ${r.handled?.how ?? null})
    RETURNING id`;
  ids.reply.set(key, row!.id);
}

async function answer(replyKey: string, status: 'sent' | 'failed', createdAt: string, sentAt: string | null) {
  await db.sql`
    INSERT INTO reply_answers (reply_id, customer_id, sent_by, body, to_emails, subject, message_id, status, created_at, sent_at)
    SELECT r.id, r.customer_id, 'Ana Martin', 'Thanks, noted.', ARRAY['ap@acme-r.example'], 'Re: reminder',
           ${`<answer-${replyKey}-${status}@arbot.example>`}, ${status}, ${createdAt}, ${sentAt}
    FROM inbound_replies r WHERE r.id = ${rid(replyKey)}::int8`;
}

const longText = `We checked the statement. ${'The second pallet never arrived at our Lyon depot. '.repeat(10)}`;

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' },
      { email: 'dan@acme.example', name: 'Dan Ruiz', team: 'delivery' },
      { email: 'bob@acme.example', name: 'Bob Lee', team: 'sales' },
      { email: 'gil@acme.example', name: 'Gil Roy', team: 'sales' },
      { email: 'fay@acme.example', name: 'Fay Chen', team: 'finance' },
    ],
    customers: [
      customer('ACME-R', zone, 'top', { name: 'Acme Retail', sales_owner_email: 'ana@acme.example', delivery_owner_email: 'dan@acme.example' }),
      customer('ACME-L', zone, 'standard', { name: 'Acme Logistics', sales_owner_email: 'bob@acme.example' }),
      customer('GIL-C', zone, 'standard', { name: 'Gil Customer', sales_owner_email: 'gil@acme.example' }),
      customer('QUIET', zone, 'standard', { name: 'Quiet Ltd' }),
    ],
    invoices: [
      invoice('R1', 'ACME-R', '2026-03-05', '1000.00'),
      invoice('L1', 'ACME-L', '2026-03-05', '200.00'),
      invoice('L2', 'ACME-L', '2026-03-06', '250.00'),
      invoice('G1', 'GIL-C', '2026-03-05', '300.00'),
    ],
  });
  for (const r of await db.sql<{ email: string; id: bigint }[]>`SELECT email, id FROM owners`) ids.owner.set(r.email.split('@')[0]!, r.id);

  await sentEmail('E1', 'ACME-R', 'R1', 'upcoming', '2026-03-02T08:00:00Z');
  await sentEmail('E2', 'ACME-R', 'R1', 'overdue', '2026-03-10T08:00:00Z');
  await sentEmail('E3', 'ACME-L', 'L1', 'overdue', '2026-03-10T08:00:00Z');
  await sentEmail('E4', 'GIL-C', 'G1', 'overdue', '2026-03-10T08:00:00Z');
  await sentEmail('E5', 'ACME-L', 'L2', 'overdue', '2026-03-11T08:00:00Z');
  await sentEmail('E7', 'ACME-R', 'R1', 'final_notice', '2026-03-17T08:00:00Z');
  await sentEmail('E8', 'ACME-L', 'L1', 'final_notice', '2026-03-17T08:00:00Z');
  await sentEmail('E9', 'GIL-C', 'G1', 'final_notice', '2026-03-17T08:00:00Z');

  await reply('A1', { customer: 'ACME-R', email: 'E1', matchedBy: 'token', receivedAt: '2026-03-03T08:00:00Z',
    text: 'Which invoice is this?\n\nOn Mon, 2 Mar 2026, Acme AR <ar@acme.example> wrote:\n> Your invoice is due',
    handled: { at: '2026-03-03T12:30:00Z', by: 'Ana Martin', how: 'answered' } });
  await answer('A1', 'sent', '2026-03-03T12:29:00Z', '2026-03-03T12:30:00Z');
  await reply('A2', { customer: 'ACME-R', email: 'E2', matchedBy: 'thread', receivedAt: '2026-03-11T09:00:00Z',
    from: 'Eve <eve@acme-r.example> <!channel>', subject: '*urgent* <https://evil.example|click>', text: 'Hi <!here> we pay *tomorrow* [x](https://evil.example)' });
  await reply('A3', { customer: 'ACME-R', matchedBy: 'sender', receivedAt: '2026-03-12T09:00:00Z', text: null,
    html: '<p>Paid &amp; done</p><blockquote>old</blockquote>', handled: { at: '2026-03-16T09:00:00Z', by: 'Fay Chen', how: 'done' } });
  await reply('A4', { customer: 'ACME-R', email: 'E2', matchedBy: 'token', receivedAt: '2026-03-14T08:00:00Z', text: longText });
  await reply('A5', { customer: 'ACME-R', email: 'E2', matchedBy: 'token', receivedAt: '2026-03-15T08:00:00Z', text: null, subject: '' });
  await reply('A6', { customer: 'ACME-R', email: 'E2', matchedBy: 'token', receivedAt: '2026-03-16T09:00:00Z',
    handled: { at: '2026-03-16T12:00:00Z', by: 'Ana Martin', how: 'answered' } });
  await answer('A6', 'failed', '2026-03-16T11:00:00Z', null);
  await answer('A6', 'sent', '2026-03-16T11:58:00Z', '2026-03-16T12:00:00Z');
  // Machine mail is never matched (it may still name the email it bounced from); a reply nobody could place has no customer.
  await reply('M1', { email: 'E5', machine: 'auto_reply', receivedAt: '2026-03-15T10:00:00Z', subject: 'Out of office' });
  await reply('U1', { receivedAt: '2026-03-18T10:00:00Z', from: 'someone@else.example' });
  await reply('B1', { customer: 'ACME-L', email: 'E3', matchedBy: 'token', receivedAt: '2026-03-19T10:00:00Z' });
  // Received after `now`: not there yet as of now (but it answers E7 for the stats, which have no as-of).
  await reply('F1', { customer: 'ACME-R', email: 'E7', matchedBy: 'token', receivedAt: '2026-03-21T10:00:00Z' });
  // Twelve replies from Gil's customer by sender only (one naming E4: a sender match does not count as answering it).
  for (let k = 1; k <= 12; k++) {
    await reply(`G${k}`, { customer: 'GIL-C', email: k === 1 ? 'E4' : undefined, matchedBy: 'sender',
      receivedAt: new Date(Date.UTC(2026, 2, 1, k)).toISOString(), from: 'ap@gil-c.example' });
  }
});
afterAll(async () => {
  await db?.close();
});

async function overview(query: string) {
  const found = await loadCustomerOverview(db.sql, query, now, zone);
  if (found?.kind !== 'customer') throw new Error(`expected one customer for ${query}`);
  return found.overview;
}

describe('/ar shows the conversation', () => {
  it('lists the five latest replies received by now, newest first, and counts every reply still waiting', async () => {
    const c = (await overview('ACME-R')).conversation;
    expect(c.zone).toBe(zone);
    // A2, A4 and A5 wait; A1 was answered and A3 done; F1 comes after now.
    expect(c.waiting).toBe(3);
    expect(c.replies.map((r) => r.replyId)).toEqual(['A6', 'A5', 'A4', 'A3', 'A2'].map(rid));
  });

  it('gives each reply its time in the company zone, sender, subject, step, stripped excerpt and where it stands', async () => {
    const [a6, a5, a4, a3, a2] = (await overview('ACME-R')).conversation.replies;
    // 09:00 UTC on 16 March is 10:00 in Paris (winter time).
    expect(a6).toEqual({
      replyId: rid('A6'), receivedAt: '2026-03-16 10:00', from: 'Ann Doe <ap@acme-r.example>', subject: 'Re: reminder A6',
      excerpt: 'Reply A6', step: 'overdue', handled: { how: 'answered', by: 'Ana Martin', at: '2026-03-16 13:00' },
      answers: [{ by: 'Ana Martin', at: '2026-03-16 12:00', status: 'failed' }, { by: 'Ana Martin', at: '2026-03-16 13:00', status: 'sent' }],
    });
    expect(a5).toMatchObject({ excerpt: '', subject: '', handled: null, answers: [] });
    expect(a4!.excerpt).toHaveLength(200);
    expect(a4!.excerpt).toMatch(/^We checked the statement\. The second pallet .*…$/);
    // HTML-only: read from the HTML body, its blockquote being quoted history; matched by sender, so no step.
    expect(a3).toMatchObject({ excerpt: 'Paid & done', step: null, handled: { how: 'done', by: 'Fay Chen', at: '2026-03-16 10:00' } });
    expect(a2).toMatchObject({ step: 'overdue', handled: null, from: 'Eve <eve@acme-r.example> <!channel>' });
  });

  it('strips quoted history from the excerpt', async () => {
    const found = await loadCustomerOverview(db.sql, 'ACME-R', new Date('2026-03-05T00:00:00Z'), zone);
    const c = found?.kind === 'customer' ? found.overview.conversation : null;
    expect(c!.replies.map((r) => r.excerpt)).toEqual(['Which invoice is this?']);
    expect(c!.waiting).toBe(0);
  });

  it('shows no machine mail and no unplaced reply, and says so when a customer never replied', async () => {
    const l = (await overview('ACME-L')).conversation;
    expect(l.replies.map((r) => r.replyId)).toEqual([rid('B1')]);
    expect((await overview('QUIET')).conversation).toEqual({ zone, waiting: 0, replies: [] });
  });

  it('renders the conversation escaped on Slack and Teams', async () => {
    const o = await overview('ACME-R');
    const slack = JSON.stringify(buildCustomerBlocks(o));
    expect(slack).toContain('Customer replies (3 waiting; times in Europe/Paris)');
    expect(slack).not.toContain('<!channel>');
    expect(slack).not.toContain('<!here>');
    expect(slack).not.toContain('<https://evil.example');
    expect(slack).toContain('&lt;!here&gt;');
    expect(slack).toContain('Ana Martin answered (2026-03-16 13:00) · Ana Martin: answer NOT sent (2026-03-16 12:00) · Ana Martin: answer sent (2026-03-16 13:00)');
    const teams = JSON.stringify(buildCustomerCard(o).card);
    expect(teams).toContain('Customer replies (3 waiting; times in Europe/Paris)');
    expect(teams).not.toContain('[x](https://evil.example)');
    expect(teams).not.toContain('*tomorrow*');
  });
});

describe('App Home: replies waiting for me', () => {
  const waitingIds = async (owner: string) => {
    const q = await loadHomeQueue(db.sql, who(owner), now, zone);
    return { total: q.repliesWaiting.total, ids: q.repliesWaiting.replies.map((r) => r.replyId) };
  };

  it('shows a sales owner and a delivery owner the waiting replies of their customers, oldest first', async () => {
    const mine = { total: 3, ids: ['A2', 'A4', 'A5'].map(rid) };
    expect(await waitingIds('ana')).toEqual(mine);
    expect(await waitingIds('dan')).toEqual(mine);
    expect(await waitingIds('bob')).toEqual({ total: 1, ids: [rid('B1')] });
  });

  it('shows finance the waiting replies of every customer, the oldest ten, and counts them all', async () => {
    expect(await waitingIds('fay')).toEqual({ total: 16, ids: Array.from({ length: 10 }, (_, k) => rid(`G${k + 1}`)) });
    expect(await waitingIds('gil')).toEqual({ total: 12, ids: Array.from({ length: 10 }, (_, k) => rid(`G${k + 1}`)) });
  });

  it('gives each reply its customer, sender, subject, excerpt, time and age', async () => {
    const q = await loadHomeQueue(db.sql, who('ana'), now, zone);
    expect(q.repliesWaiting.replies[1]).toEqual({
      replyId: rid('A4'), customerName: 'Acme Retail', customerExternalId: 'ACME-R', from: 'Ann Doe <ap@acme-r.example>',
      subject: 'Re: reminder A4', excerpt: expect.stringMatching(/^We checked the statement/) as unknown as string,
      receivedAt: '2026-03-14 09:00 (Europe/Paris)', waitingHours: 146,
    });
    const text = JSON.stringify(buildHomeView(q));
    expect(text).toContain('*Replies waiting for me, oldest first (3)*');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('waiting 6 days');
  });
});

describe('weekly digest: replies received and dealt with', () => {
  const store = () => postgresDigestStore(db.sql);
  const digest = () => weeklyDigest({ kpi: { store: postgresKpiStore(db.sql, zone), zone, now: () => now }, store: store() }, now);

  it('counts human replies received in the week (placed or not, machine mail left out) and those dealt with, with the median time', async () => {
    // Received: A4, A5, A6, U1, B1 (not M1, machine; not F1, later). Dealt with in the week: A3 after 96 h, A6 after 3 h.
    expect((await digest()).replies).toEqual({ received: 5, answered: 2, medianHoursToAnswer: 49.5 });
  });

  it('says none were dealt with in a week without any', async () => {
    const early = new Date('2026-03-02T00:00:00Z');
    const d = await weeklyDigest({ kpi: { store: postgresKpiStore(db.sql, zone), zone, now: () => early }, store: store() }, early);
    expect(d.replies).toEqual({ received: 12, answered: 0, medianHoursToAnswer: null });
  });

  it('stores the counts with the digest, and still renders a digest stored before replies were counted', async () => {
    const d = await digest();
    expect(await store().queue(d, now)).toBe(true);
    const { replies: _dropped, ...old } = d;
    await db.sql`INSERT INTO alerts (kind, priority, dedupe_key, raised_at, details)
                 VALUES ('weekly_digest', 3, 'weekly_digest:old', ${now}, ${db.sql.json({ digest: old } as never)})`;
    const rows = await db.sql<(AlertRow & { dedupe_key: string })[]>`SELECT * FROM alerts WHERE kind = 'weekly_digest' ORDER BY id`;
    const views = await Promise.all(rows.map((r) => loadAlertView(db.sql, r, now, zone)));
    const [fresh, stored] = views.map((v) => (v?.kind === 'weekly_digest' ? v.digest : null)) as [WeeklyDigest, WeeklyDigest];
    expect(fresh.replies).toEqual({ received: 5, answered: 2, medianHoursToAnswer: 49.5 });
    expect(stored.replies).toBeUndefined();
    const line = '5 received · 2 dealt with, median 49.5 h to answer';
    expect(JSON.stringify(buildDigestMessage(fresh))).toContain(line);
    expect(JSON.stringify(buildDigestCard(fresh).card)).toContain(line);
    expect(JSON.stringify(buildDigestMessage(stored))).not.toContain('Customer replies');
    expect(JSON.stringify(buildDigestCard(stored).card)).not.toContain('Customer replies');
  });
});

describe('arbot cadence stats: reply rate per step', () => {
  it('counts per step the emails answered by a human reply matched by token or thread', async () => {
    const rows = await cadenceStats(db.sql, '2026-03-01');
    const byStep = Object.fromEntries(rows.map((r) => [r.step, [r.emails_sent, r.replied, r.reply_rate_percent]]));
    // overdue: E2 (token and thread replies) and E3 answered; E4 only by sender, E5 only by an auto-reply.
    // final_notice: E7 answered of three.
    expect(byStep).toEqual({ upcoming: [1, 1, 100], overdue: [4, 2, 50], final_notice: [3, 1, 33.3] });
  });

  it('prints the new columns after the existing ones, and adds the fields to the JSON', async () => {
    const cli = async (...argv: string[]) => {
      const out = capture();
      const err = capture();
      const code = await runCli(argv, { out, err, db, now: () => now, env: { COMPANY_TIMEZONE: zone, LOG_LEVEL: 'silent', SCHEDULER: 'off' } });
      return { code, out: out.text(), err: err.text() };
    };
    const text = await cli('cadence', 'stats', '--since', '2026-03-01');
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[1]).toMatch(/^policy +step +sent +delivered +opened +clicked +bounced +paid≤7d +replied +reply%$/);
    expect(lines.find((l) => l.includes('final_notice'))).toMatch(/ 0\/3 +1 +33\.3$/);
    const json = await cli('cadence', 'stats', '--since', '2026-03-01', '--json');
    const steps = (JSON.parse(json.out) as { steps: Record<string, unknown>[] }).steps;
    expect(steps.find((s) => s.step === 'overdue')).toEqual({
      policy: 'standard', step: 'overdue', emails_sent: 4, invoices_reminded: 4, delivered: 0, opened: 0, clicked: 0, bounced: 0,
      paid_within_7_days: 0, replied: 2, reply_rate_percent: 50,
    });
  });
});
