import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerChoiceActionId } from '../../blocks/slack/ar-blocks.js';
import { dsoDetailsActionId, dsoShareActionId } from '../../blocks/slack/dso-blocks.js';
import { modalInputs } from '../../blocks/slack/modals.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { changedTables, fcRuns, fcSeed, fingerprint } from '../support/hostile-db.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import {
  blockActionsBody, blockActionsPayload, eventCallbackBody, nowSeconds, slashCommandBody, stateValue, viewSubmissionBody,
} from '../support/slack-requests.js';
import { payloadForm } from '../support/slack-test-ids.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { keepConsoleOutput } from '../support/test-log.js';

// Hostile input on POST /slack/events: bodies signed with the right secret (so they pass Bolt's check and reach
// arbot's listeners) but carrying garbage. The listeners must answer every one (never a 500, which in this
// harness means a listener threw) and the ledger must not change. Then replays, oversized bodies, and text that
// tries to become mrkdwn markup.

const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let invoiceId: string;
let disputeId: string;
let emailId: string;
let invoiceTs: string;

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now,
    users: [
      { id: 'U0ANA', email: 'ana@acme.example', name: 'ana' },
      { id: 'U0EVE', email: 'eve@elsewhere.example', name: 'eve' },
    ],
  });
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' },
    ],
    customers: [customer('C-1', 'Europe/Paris', 'top', { name: '<!channel> *Bold* <http://evil.example|click> <@U123> & Co', sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00'), invoice('I-2', 'C-1', '2026-03-12', '300.00')],
    disputes: [{ invoice_external_id: 'I-2', opened_date: '2026-03-18', reason: 'Wrong amount' }],
  });
  invoiceId = String((await db.sql`SELECT id FROM invoices WHERE external_id = 'I-1'`)[0]!.id);
  disputeId = String((await db.sql`SELECT id FROM disputes`)[0]!.id);
  emailId = String((await db.sql`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
    SELECT id, 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-20T08:00:00Z', billing_emails
    FROM customers WHERE external_id = 'C-1' RETURNING id`)[0]!.id);
  invoiceTs = await h.publish(`invoice:${invoiceId}`, 'C0ANA');
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

/**
 * Clicks a button (or picks a menu option) on the invoice message; returns the HTTP status and what the person
 * got back: posts to this click's own response URL, and modals opened.
 */
async function click(userId: string, actionId: string, value: string, type: 'button' | 'static_select' = 'button') {
  const id = `c${Math.random().toString(36).slice(2)}`;
  const opened = h.fake.calls('views.open').length;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0ANA', message: { ts: invoiceTs },
    responseUrl: h.fake.responseUrl({ channel: 'C0ANA', messageTs: invoiceTs, userId, id }),
    actions: [type === 'button' ? { type, actionId, blockId: 'b', value } : { type, actionId, blockId: 'b', selected: { value, text: 'x' } }],
  }));
  return { status: r.status, replies: h.fake.responses(id).map((c) => c.args), modals: h.fake.calls('views.open').length - opened };
}

/** Text that tries every trick at once: markup, mentions, links, HTML, SQL, NUL, lone surrogates, huge. */
const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom(
    '<!channel>', '<@U123>', '<http://evil.example|click>', '*bold*', '`code`', '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE invoices; --", '\\', '%', '_', 'a\u0000b', '\ud800', '{"d":"1"}', '', ' ', 'x'.repeat(5000),
  ),
);

/** Button values: any text, JSON of the right shapes with wrong contents, and ids no row has or int8 cannot hold. */
const hostileValue = fc.oneof(
  hostileText,
  fc.json({ maxDepth: 2 }),
  fc.record({ key: fc.constantFrom('i', 'd', 'e', 'c', 'asof'), id: fc.oneof(
    fc.constantFrom('0', '9999999', '9223372036854775807', '9223372036854775808', '9999999999999999999', '-1', '1e3', '١٢'),
    fc.bigInt({ min: 10_000_000n, max: 9_999_999_999_999_999_999n }).map(String),
  ) }).map(({ key, id }) => JSON.stringify(key === 'asof' ? { asof: id } : { [key]: id })),
  fc.constantFrom(JSON.stringify({ d: '9999999', st: 'resolved' }), JSON.stringify({ d: '1', st: 'reopened' })),
);

const allActions = [...Object.values(actionIds), dsoShareActionId, dsoDetailsActionId, customerChoiceActionId];

describe('signed Slack requests with garbage in them', () => {
  it('answers any button value on any arbot button, from a known or an unknown person, without a 500 or a change', async () => {
    const before = await fingerprint(db.sql);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...allActions), hostileValue, fc.constantFrom('U0ANA', 'U0EVE'), fc.boolean(), async (actionId, value, userId, menu) => {
        const r = await click(userId, actionId, value, menu ? 'static_select' : 'button');
        const what = `${actionId} ${JSON.stringify(value).slice(0, 200)} by ${userId}`;
        expect(r.status, what).toBe(200);
        // Someone must answer the person (a listener that throws after its ack leaves them with nothing), and
        // only them: a private reply or a modal, never a post in the channel.
        expect(r.replies.length + r.modals, what).toBeGreaterThan(0);
        for (const reply of r.replies) expect(reply.response_type, what).not.toBe('in_channel');
        expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
      }),
      fcRuns(150),
    );
  });

  const forms = Object.values(formIds);
  /** `state.values` of any shape: the right block ids with wrong inputs, wrong block ids, nulls. */
  const stateValues = fc.oneof(
    fc.dictionary(fc.string({ maxLength: 20 }), fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }), { maxKeys: 3 }),
    fc.record({ text: hostileText, date: fc.oneof(hostileText, fc.constantFrom('2026-03-27', '2026-02-30', '9999-12-31', '0000-01-01')), choice: hostileText })
      .map(({ text, date, choice }) => Object.fromEntries(Object.values(modalInputs).flatMap((fields) => Object.values(fields).map((f) => [
        f.blockId, { [f.actionId]: { ...stateValue.plainText(text), ...stateValue.datepicker(date), ...stateValue.staticSelect({ value: choice, text: 'x' }) } },
      ])))),
  );
  const metadata = fc.oneof(hostileText, fc.json({ maxDepth: 2 }), hostileValue);

  it('answers any submission of any arbot form by an unknown person without a 500 or a change', async () => {
    const before = await fingerprint(db.sql);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...forms), metadata, stateValues, async (callbackId, privateMetadata, values) => {
        const r = await h.post(viewSubmissionBody({ callbackId, userId: 'U0EVE', privateMetadata, values }));
        expect(r.status, `${callbackId} ${privateMetadata.slice(0, 200)}`).toBe(200);
        expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
      }),
      fcRuns(100),
    );
  });

  it('answers a known person\'s submissions naming rows that do not exist, or ids int8 cannot hold, with a form error', async () => {
    const before = await fingerprint(db.sql);
    const missingId = fc.oneof(
      fc.constantFrom('0', '9999999', '9223372036854775807', '9223372036854775808', '9999999999999999999'),
      fc.bigInt({ min: 10_000_000n, max: 9_999_999_999_999_999_999n }).map(String),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...forms), missingId, stateValues, async (callbackId, id, values) => {
        const privateMetadata = JSON.stringify(callbackId === formIds.refuse ? { e: id } : callbackId === formIds.note && id.length % 2 ? { d: id } : { i: id });
        const r = await h.post(viewSubmissionBody({ callbackId, userId: 'U0ANA', privateMetadata, values }));
        expect(r.status, `${callbackId} ${privateMetadata}`).toBe(200);
        expect(r.json, `${callbackId} ${privateMetadata}`).toMatchObject({ response_action: 'errors' });
        expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
      }),
      fcRuns(80),
    );
  });

  it('applies or refuses a known person\'s hostile form answers on real rows: one audit row when applied, no change when refused', async () => {
    const submission = fc.record({
      callbackId: fc.constantFrom(...forms),
      text: hostileText,
      date: fc.oneof(fc.constantFrom('2026-03-27', '2026-03-20', '2026-03-19', '2026-02-30', '', '2026-3-27'), hostileText),
      reason: fc.oneof(fc.constantFrom('wrong_amount', 'other', 'not_received', 'po_missing'), hostileText),
      onDispute: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(submission, async ({ callbackId, text, date, reason, onDispute }) => {
        const meta = callbackId === formIds.refuse ? { e: emailId } : callbackId === formIds.note && onDispute ? { d: disputeId } : { i: invoiceId };
        const values = Object.fromEntries(Object.values(modalInputs).flatMap((fields) => Object.values(fields).map((f) => [
          f.blockId, { [f.actionId]: { ...stateValue.plainText(text), ...stateValue.datepicker(date), ...stateValue.staticSelect({ value: reason, text: 'x' }) } },
        ])));
        const before = await fingerprint(db.sql);
        const audit = (await db.sql`SELECT count(*)::int AS n FROM audit_log`)[0]!.n as number;
        const r = await h.post(viewSubmissionBody({ callbackId, userId: 'U0ANA', privateMetadata: JSON.stringify(meta), values }));
        const what = `${callbackId} ${JSON.stringify({ text, date, reason }).slice(0, 300)}`;
        expect(r.status, what).toBe(200);
        if (r.text === '') {
          // Applied: the modal closes, and the change has exactly one audit row.
          expect((await db.sql`SELECT count(*)::int AS n FROM audit_log`)[0]!.n, what).toBe(audit + 1);
        } else {
          expect(r.json, what).toMatchObject({ response_action: 'errors' });
          expect(changedTables(before, await fingerprint(db.sql)), what).toEqual([]);
        }
      }),
      {
        ...fcRuns(100),
        examples: [
          [{ callbackId: formIds.note, text: 'a\u0000b', date: '', reason: '', onDispute: false }],
          // A lone surrogate in a hold's reason: jsonb refuses "\ud800", and the view handler used to throw (Bolt 404).
          [{ callbackId: formIds.hold, text: 'x\ud800y', date: '2026-03-27', reason: 'x\udc00', onDispute: false }],
        ],
      },
    );
  });

  it('answers any /dso, /ar, /review and /team text without a 500, privately, and changes nothing', async () => {
    const before = await fingerprint(db.sql);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/dso', '/ar', '/review', '/team'), fc.oneof(hostileText, fc.constantFrom('2026-02-30', '1900-01-01 top share', '9999-12-31', '9999-12', '0000-01', 'share share', '%', '_', '\\')), async (command, text) => {
        const id = `r${Math.random().toString(36).slice(2)}`;
        const responseUrl = h.fake.responseUrl({ channel: 'C0FIN', userId: 'U0EVE', id });
        const r = await h.post(slashCommandBody({ command, text, userId: 'U0EVE', channelId: 'C0FIN', responseUrl }));
        expect(r.status, `${command} ${JSON.stringify(text).slice(0, 200)}`).toBe(200);
        // The answer is either the ack's own body or a post to the response URL; neither is for the channel
        // unless "share" was asked for.
        const answers = [r.json, ...h.fake.responses(id).map((c) => c.args)].filter(Boolean);
        expect(answers.length, `${command} ${JSON.stringify(text).slice(0, 200)} got no answer`).toBeGreaterThan(0);
        for (const a of answers) if (!/\bshare\b/i.test(text)) expect(a.response_type ?? 'ephemeral').toBe('ephemeral');
        expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
      }),
      { ...fcRuns(80), examples: [['/ar', 'North\u0000wind'], ['/ar', '%_\\'], ['/dso', '\u0000'], ['/ar', "'; DROP TABLE customers; --"], ['/team', 'a\u0000b'], ['/review', '9999-12']] },
    );
  });

  it('answers arbot buttons of any action shape (menus without a choice, unknown types, from a view) privately, changing nothing', async () => {
    const before = await fingerprint(db.sql);
    const action = fc.record({
      action_id: fc.constantFrom(...allActions),
      block_id: fc.string({ maxLength: 10 }),
      type: fc.constantFrom('button', 'static_select', 'overflow', 'datepicker', 'users_select', 'x'),
      value: fc.option(hostileValue, { nil: undefined }),
      selected_option: fc.option(fc.oneof(fc.constant(null), fc.record({ value: hostileValue }), fc.jsonValue({ maxDepth: 1 })), { nil: undefined }),
    }, { requiredKeys: ['action_id', 'type'] });
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(action, fc.constantFrom('U0ANA', 'U0EVE'), fc.boolean(), async (a, userId, home) => {
        // The /dso and /ar buttons live only in command answers (which have a response URL), never in the home tab;
        // clicked from a view they would have nothing to answer with (reported, not asserted here).
        const fromHome = home && (Object.values(actionIds) as string[]).includes(a.action_id);
        const id = `s${Math.random().toString(36).slice(2)}`;
        const calls = h.fake.calls().length;
        const payload = blockActionsPayload({
          userId, actions: [],
          ...(fromHome ? { view: { id: 'VHOME', type: 'home' } } : { channelId: 'C0ANA', message: { ts: invoiceTs }, responseUrl: h.fake.responseUrl({ channel: 'C0ANA', userId, id }) }),
        });
        // A fresh action_ts each time: a repeated one is a retry, which arbot rightly applies (and answers) once.
        const r = await h.post(payloadForm({ ...payload, actions: [{ ...a, action_ts: `${nowSeconds()}.${String(++seq).padStart(6, '0')}` }] }));
        const what = JSON.stringify(a).slice(0, 300);
        expect(r.status, what).toBe(200);
        // What the person got: a private reply on the response URL, a modal, or (from the home tab) a DM.
        const answers = h.fake.calls().slice(calls).filter((c) => c.responseUrlId === id || c.method === 'views.open'
          || (c.method === 'chat.postMessage' && c.args.channel === userId));
        expect(answers.length, what).toBeGreaterThan(0);
        for (const c of answers) expect(c.args.response_type, what).not.toBe('in_channel');
        expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
      }),
      fcRuns(100),
    );
  });

  it('never hangs on arbitrary JSON in the payload field or in an event body, and changes nothing', async () => {
    // Bodies Bolt cannot type get no listener and no ack, so Bolt answers 404 after its 3-second timeout: they are
    // sent all at once (fc.sample, same seed) instead of one by one. Envelopes Bolt itself cannot read (a
    // block_actions without a user object) fail inside Bolt before any listener runs: arbot answers those 400.
    const bolt = keepConsoleOutput();
    const before = await fingerprint(db.sql);
    const notNull = fc.jsonValue({ maxDepth: 3 }).filter((v) => v !== null);
    const interactions = fc.sample(fc.oneof(
      notNull,
      fc.record({ type: fc.constantFrom('block_actions', 'view_submission', 'view_closed', 'shortcut', 'message_action', 'block_suggestion'), user: fc.jsonValue({ maxDepth: 1 }), actions: fc.jsonValue({ maxDepth: 2 }), view: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['type'] }),
    ), { seed: fcSeed, numRuns: 40 }).map((p) => payloadForm(p));
    const events = fc.sample(fc.oneof(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })).map((v) => JSON.stringify(v)),
      fc.record({ type: fc.constantFrom('app_home_opened', 'message', 'app_mention', 'reaction_added'), user: fc.jsonValue({ maxDepth: 1 }), tab: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: ['type'] }).map((e) => eventCallbackBody(e)),
    ), { seed: fcSeed, numRuns: 30 });
    const raw = fc.sample(fc.string({ unit: 'binary', maxLength: 200 }), { seed: fcSeed, numRuns: 10 })
      .filter((t) => t.trim() !== 'null').map((t) => `payload=${encodeURIComponent(t)}`);
    const bodies = [...interactions, ...events, ...raw];
    const results = await Promise.all(bodies.map((b) => h.postWithin(b, 10_000)));
    const bad = results.map((status, i) => ({ status, body: bodies[i]!.slice(0, 300) })).filter((r) => ![200, 400, 401, 404].includes(r.status as number));
    expect(bad).toEqual([]);
    // Each 404 is Bolt's unhandled-request timeout, which logs that the body was not acknowledged within 3 seconds.
    expect(bolt.lines().filter((l) => l.includes('not acknowledged within 3 seconds'))).toHaveLength(results.filter((s) => s === 404).length);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  }, 30_000);

  // Found by the test above (seed 20260320): Bolt's HTTPReceiver reads `body.ssl_check` of the parsed body, so a
  // signed `payload=null` (or a JSON body `null`) threw inside its un-awaited handler, an unhandled rejection that
  // ends a Node 20 process. adapters/slack/slack-body.ts now refuses bodies that are not JSON objects first.
  it.each([
    ['payload=null', 'payload=null'], ['payload=42', 'payload=42'], ['payload=[1]', 'payload=%5B1%5D'],
  ])('answers a signed %s with 400 and changes nothing', async (_what, body) => {
    const before = await fingerprint(db.sql);
    expect(await h.postWithin(body, 10_000)).toBe(400);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });
});

describe('replays and oversized bodies', () => {
  const claim = () => blockActionsBody({
    userId: 'U0ANA', channelId: 'C0ANA', message: { ts: invoiceTs }, responseUrl: h.fake.responseUrl({ channel: 'C0ANA', userId: 'U0ANA' }),
    actions: [{ type: 'button', actionId: actionIds.claimDispute, blockId: 'b', value: JSON.stringify({ d: disputeId }) }],
  });

  it.each([
    ['5 minutes and 1 second old', -301],
    ['an hour old', -3600],
    ['a day old', -86_400],
  ])('refuses a correctly signed request whose timestamp is %s (a replay): 401, nothing changes', async (_what, offset) => {
    const before = await fingerprint(db.sql);
    const r = await h.post(claim(), { timestamp: nowSeconds() + offset });
    expect(r.status).toBe(401);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });

  it('refuses a body over 4 MiB before reading it into a listener: 413, nothing changes', async () => {
    const before = await fingerprint(db.sql);
    const body = `${claim()}&pad=${'x'.repeat(4 * 1024 * 1024)}`;
    const r = await h.post(body);
    expect(r.status).toBe(413);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });
});

describe('customer text rendered in Slack', () => {
  const hostile = ['<!channel>', '<@U123>', '<http://evil.example|click>', '*Bold*', '<script>'];

  /** The mrkdwn text objects of blocks, at any depth. */
  const mrkdwnTexts = (blocks: unknown): string[] => {
    const out: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
        Object.values(o).forEach(walk);
      }
    };
    walk(blocks);
    return out;
  };

  it('shows a hostile customer name inert in the alert message (escaped mrkdwn, no control sequence)', () => {
    const texts = mrkdwnTexts(h.fake.message('C0ANA', invoiceTs)!.blocks);
    const joined = texts.join('\n');
    expect(joined).toContain('&lt;!channel&gt;');
    expect(joined).toContain('&lt;http://evil.example|click&gt;');
    expect(joined).toContain('&lt;@U123&gt;');
    expect(joined).toContain('\u2217Bold\u2217');
    for (const t of texts) for (const x of hostile) expect(t).not.toContain(x);
  });

  it('keeps a hostile note, reason and thread line inert, and stores the text verbatim', async () => {
    const note = `marker-7f3 <!channel> <@U123> <http://evil.example|click> *bold* "><img src=x onerror=alert(1)> '; DROP TABLE invoices; --`;
    const r = await h.post(viewSubmissionBody({
      callbackId: formIds.note, userId: 'U0ANA', privateMetadata: JSON.stringify({ i: invoiceId }),
      values: { [modalInputs.note.note.blockId]: { [modalInputs.note.note.actionId]: stateValue.plainText(note) } },
    }));
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const [stored] = await db.sql`SELECT body FROM notes ORDER BY id DESC LIMIT 1`;
    expect(stored!.body).toBe(note);
    const thread = h.fake.replies('C0ANA', invoiceTs).map((m) => m.text);
    const line = thread.find((t) => t.includes('marker-7f3'))!;
    expect(line).toContain('&lt;!channel&gt;');
    for (const x of ['<!channel>', '<@U123>', '<http', '*bold*', '<img']) expect(line).not.toContain(x);
    for (const t of mrkdwnTexts(h.fake.message('C0ANA', invoiceTs)!.blocks)) for (const x of hostile) expect(t).not.toContain(x);
  });
});
