import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { parseActionData } from '../../blocks/teams/action-data.js';
import { postgresChatViews } from '../../adapters/postgres/chat-views-port.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import { loadConfig } from '../../src/config.js';
import { verifyPortalToken } from '../../src/domain/portal-link.js';
import type { EmailSender, OutgoingEmail } from '../../src/ports/email-sender.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { revokePortalLinks, sendStatementFromChat } from '../../src/services/chat-actions/portal-actions.js';
import { customerActionIds } from '../../src/views/card-controls.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customerPortalActions } from '../../src/wire/portal-actions.js';
import type { ChatPerson } from '../../src/chat/interaction.js';
import { quietLog } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// "Send statement" and "Revoke portal links" on the customer (/ar) view: the buttons on both surfaces, their
// decoding, the rights (the sales owner or finance), and what they do on a real Postgres ledger.

const secret = 'test-link-secret-0123456789abcdefghijklmnop';
const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
const sent: OutgoingEmail[] = [];
const sender: EmailSender = { name: 'recording', send: async (e) => (sent.push(e), { outcome: 'sent', provider: 'recording', messageId: `m${sent.length}` }) };
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  db = await openTestDb();
  const owners = await db.sql<{ id: bigint; email: string }[]>`
    INSERT INTO owners (email, name, team) VALUES ('ana@seller.example', 'Ana', 'sales'), ('bob@seller.example', 'Bob', 'sales'),
      ('fin@seller.example', 'Fin', 'finance'), ('dev@seller.example', 'Dev', 'delivery') RETURNING id, email`;
  for (const o of owners) {
    const name = o.email.split('@')[0]!;
    actors[name] = { ownerId: BigInt(o.id), email: o.email, name, team: name === 'fin' ? 'finance' : name === 'dev' ? 'delivery' : 'sales', approver: false, platformId: `slack:${name}` };
  }
  actors.eve = { ownerId: null, email: null, name: 'eve', team: null, approver: false, platformId: 'slack:eve' };
  const ana = owners.find((o) => o.email.startsWith('ana'))!.id.toString();
  const dev = owners.find((o) => o.email.startsWith('dev'))!.id.toString();
  const [c] = await db.sql<{ id: bigint }[]>`
    INSERT INTO customers (external_id, name, timezone, billing_emails, locale, sales_owner_id, delivery_owner_id)
    VALUES ('C-1', 'Northwind', 'Europe/Paris', '{ap@northwind.example}', 'en', ${ana}::int8, ${dev}::int8) RETURNING id`;
  await db.sql`INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
               VALUES ('I-1', 'INV-1', ${c!.id.toString()}::int8, '2026-01-01', '2026-02-01', 'EUR', 50000)`;
});
afterAll(async () => {
  await db?.close();
});

const portal = () => customerPortalActions(
  loadConfig({ LINK_SECRET: secret, PUBLIC_BASE_URL: 'https://ar.example.com', EMAIL_FROM_NAME: 'Seller', DEMO_LEDGER: 'off' }), db.sql, sender, secret);

describe('the customer view\'s portal buttons', () => {
  it('are drawn on Slack and Teams, carrying the customer, and decode to their actions', async () => {
    const found = await postgresChatViews(db.sql, 'Europe/Paris').customer('C-1', now);
    expect(found?.kind).toBe('customer');
    const view = (found as Extract<NonNullable<typeof found>, { kind: 'customer' }>).overview;
    const slack = JSON.stringify(buildCustomerBlocks(view));
    expect(slack).toContain(customerActionIds.sendStatement);
    expect(slack).toContain(customerActionIds.revokePortal);
    expect(JSON.stringify(buildCustomerCard(view).card)).toContain(customerActionIds.revokePortal);
    expect(decodeAction(customerActionIds.sendStatement, { c: 'C-1' })).toEqual({ ok: true, action: { type: 'send_statement', customerExternalId: 'C-1' } });
    expect(parseActionData(customerActionIds.revokePortal, { c: 'C-1' })).toEqual({ ok: true, action: { type: 'revoke_portal_links', customerExternalId: 'C-1' } });
    expect(decodeAction(customerActionIds.sendStatement, { c: '' }).ok).toBe(false);
  });

  it.each(['bob', 'dev', 'eve'])('refuses %s (neither the sales owner nor finance), sending and revoking nothing', async (who) => {
    expect(await sendStatementFromChat(portal(), actors[who]!, 'C-1', now)).toMatchObject({ ok: false });
    expect(await revokePortalLinks(portal(), actors[who]!, 'C-1')).toMatchObject({ ok: false });
    expect(sent).toEqual([]);
    expect((await db.sql`SELECT portal_key_version FROM customers`)[0]!.portal_key_version).toBe(1);
  });

  it('sends a statement for the sales owner, recorded as theirs', async () => {
    const r = await sendStatementFromChat(portal(), actors.ana!, 'C-1', now);
    expect(r).toEqual({ ok: true, refresh: [], thread: 'ana sent Northwind a statement of 1 open invoice (to 1 billing contact)' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toEqual(['ap@northwind.example']);
    expect(sent[0]!.replyTo).toBe('ana@seller.example');
    expect(sent[0]!.text).toContain('INV-1');
    expect(await db.sql`SELECT requested_by FROM statement_emails`).toEqual([{ requested_by: 'ana@seller.example' }]);
  });

  it('revokes the portal links for finance: a link sent before no longer verifies against the new version', async () => {
    const before = /\/p\/([A-Za-z0-9_.-]+)/.exec(sent[0]!.text)![1]!;
    expect(verifyPortalToken(before, secret, now)).toMatchObject({ ok: true, keyVersion: 1 });
    expect(await revokePortalLinks(portal(), actors.fin!, 'C-1')).toMatchObject({ ok: true, refresh: [] });
    expect((await db.sql`SELECT portal_key_version FROM customers`)[0]!.portal_key_version).toBe(2);
    expect(await db.sql`SELECT actor FROM audit_log WHERE action = 'portal.key_rotated'`).toEqual([{ actor: 'fin@seller.example' }]);
  });

  it('says so for an unknown customer, and when the process cannot send', async () => {
    expect(await sendStatementFromChat(portal(), actors.ana!, 'C-404', now)).toMatchObject({ ok: false, code: 'not_found' });
    expect(await sendStatementFromChat(undefined, actors.ana!, 'C-1', now)).toMatchObject({ ok: false, code: 'unavailable' });
  });
});

describe("/ar draws the portal buttons for the viewer's rights", () => {
  const person = (email: string): ChatPerson => ({ platform: 'local', userId: email, name: email, chatId: null, email: async () => email });
  const drawn = async (email: string) => {
    const core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone: 'Europe/Paris', portal: portal() }).core;
    const o = await core.handle({ person: person(email), action: { type: 'show_customer', query: 'C-1' }, delivery: null });
    if (o.kind !== 'show' || o.shown.show !== 'customer' || o.shown.found?.kind !== 'customer') throw new Error(`unexpected ${o.kind}`);
    const view = o.shown.found.overview;
    const ids = [customerActionIds.sendStatement, customerActionIds.revokePortal];
    const slack = JSON.stringify(buildCustomerBlocks(view));
    const teams = JSON.stringify(buildCustomerCard(view).card);
    return { slack: ids.filter((id) => slack.includes(`"${id}"`)), teams: ids.filter((id) => teams.includes(id)) };
  };

  it('Send statement and Revoke portal links for the sales owner and finance, none for the others', async () => {
    const both = [customerActionIds.sendStatement, customerActionIds.revokePortal];
    for (const email of ['ana@seller.example', 'fin@seller.example']) expect(await drawn(email)).toEqual({ slack: both, teams: both });
    for (const email of ['bob@seller.example', 'dev@seller.example']) expect(await drawn(email)).toEqual({ slack: [], teams: [] });
  });
});
