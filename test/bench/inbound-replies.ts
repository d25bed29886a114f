import { generateKeyPairSync } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { sendgridInboundRoutes } from '../../adapters/http/sendgrid-inbound.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { openDatabase, type Database } from '../../adapters/postgres/connect.js';
import { postgresInboundReplyStore } from '../../adapters/postgres/inbound-replies.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { postgresReplyMatchStore } from '../../adapters/postgres/reply-matching.js';
import { loadConfig } from '../../src/config.js';
import { replyAddress, signReplyToken } from '../../src/domain/reply-address.js';
import { createLogger } from '../../src/log.js';
import { inboundContentType, multipartBody, signedInbound, type InboundPart } from '../support/inbound-parse.js';
import { adminClient, benchDatabaseUrl, createBenchDatabase, describeUrl, probe } from './bench-db.js';

// Customer replies under load: the inbound webhook (POST /webhooks/sendgrid/inbound) on the real HTTP server and
// Postgres, with matching and pauses on, taking signed Inbound Parse posts at a fixed rate (open loop: each request
// leaves at its scheduled time, whatever the earlier ones are doing). A mix of replies matched by token, by thread,
// unmatched and auto-replies, some with a 200 KB attachment. Latency runs from each request's scheduled time to its
// answer, so a backlog shows. Aim: p99 under 500 ms at 50/s (printed, never asserted).

const rate = Number(process.env.BENCH_INBOUND_RATE ?? '50');
const seconds = Number(process.env.BENCH_INBOUND_SECONDS ?? '20');
const customers = 1000;
const domain = 'reply.bench.example';
const secret = 'bench-link-secret-0123456789abcdef012345';
const attachmentBytes = 200 * 1024;
// Errors only (a failing request must show), to stderr.
const quiet = createLogger('error', process.stderr);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? NaN;
const ms = (x: number) => `${x.toFixed(1)} ms`;

type Kind = 'token' | 'thread' | 'unmatched' | 'auto_reply';
/** 4 in 10 by token, 3 by thread, 2 unmatched, 1 auto-reply. */
const kindOf = (i: number): Kind => (['token', 'token', 'token', 'token', 'thread', 'thread', 'thread', 'unmatched', 'unmatched', 'auto_reply'] as const)[i % 10]!;

/** One request in five carries the attachment, spread over every kind. */
const withAttachment = (i: number) => (i + Math.floor(i / 10)) % 5 === 0;

/** Customers C1…, each with one overdue invoice and one sent reminder email carrying our Message-ID. */
async function seed(db: Database): Promise<{ emailId: bigint; messageId: string }[]> {
  await db.sql`
    INSERT INTO customers (external_id, name, segment, timezone, billing_emails)
    SELECT 'C' || g, 'Customer ' || g, 'standard', 'Europe/Paris', ARRAY['ap' || g || '@c' || g || '.example'] FROM generate_series(1, ${customers}::int) g`;
  await db.sql`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
    SELECT 'I' || id, 'INV-' || id, id, date '2026-01-01', date '2026-02-01', 'EUR', 100000 FROM customers`;
  const emails = await db.sql<{ id: string; message_id: string }[]>`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at, message_id)
    SELECT id, 'standard', 'overdue_3', 'overdue_3', 'sent', now() - interval '1 day', billing_emails, now() - interval '1 day',
           '<arbot.' || id || '.' || md5(id::text) || '@' || ${domain} || '>'
    FROM customers ORDER BY id RETURNING id::text, message_id`;
  await db.sql`
    INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
    SELECT i.id, 'overdue_3', 'standard', e.id, i.amount_minor, i.currency FROM reminder_emails e JOIN invoices i ON i.customer_id = e.customer_id`;
  await db.sql`ANALYZE`;
  return emails.map((e) => ({ emailId: BigInt(e.id), messageId: e.message_id }));
}

/** One parsed-mode post of kind `kind` about `email`, as SendGrid sends it. */
function replyParts(i: number, kind: Kind, email: { emailId: bigint; messageId: string }, customer: number, now: Date): InboundPart[] {
  const from = kind === 'unmatched' ? `someone${i}@elsewhere.example` : `ap${customer}@c${customer}.example`;
  const to = kind === 'thread' || kind === 'unmatched'
    ? 'ar@acme.example'
    : replyAddress(domain, signReplyToken(email.emailId, new Date(now.getTime() + 400 * 86_400_000), secret));
  const subject = kind === 'auto_reply' ? 'Automatic reply: Invoice reminder' : 'Re: Invoice reminder';
  const headers = [
    'Received: by mx.sendgrid.net with SMTP id bench', `From: ${from}`, `To: ${to}`, `Subject: ${subject}`,
    `Date: ${now.toUTCString()}`, `Message-ID: <bench-${i}-${now.getTime()}@c${customer}.example>`,
    ...(kind === 'thread' ? [`In-Reply-To: ${email.messageId}`, `References: ${email.messageId}`] : []),
    ...(kind === 'auto_reply' ? ['Auto-Submitted: auto-replied'] : []),
    'MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', '',
  ].join('\r\n');
  const text = `We will pay on 27 March 2026.\n\nOn Fri, 13 Mar 2026, Acme <ar@acme.example> wrote:\n${'> Invoice INV-1 of 1,000.00 EUR is overdue.\n'.repeat(20)}`;
  const attach = withAttachment(i);
  return [
    { name: 'headers', value: headers }, { name: 'dkim', value: `{@c${customer}.example : pass}` }, { name: 'to', value: to },
    { name: 'from', value: from }, { name: 'text', value: text }, { name: 'sender_ip', value: '192.0.2.10' },
    { name: 'envelope', value: JSON.stringify({ to: [to], from }) }, { name: 'attachments', value: attach ? '1' : '0' },
    { name: 'subject', value: subject },
    ...(attach ? [
      { name: 'attachment-info', value: JSON.stringify({ attachment1: { filename: 'remittance.pdf', name: 'remittance.pdf', type: 'application/pdf' } }) },
      { name: 'attachment1', value: Buffer.alloc(attachmentBytes, i % 251), filename: 'remittance.pdf', contentType: 'application/pdf' },
    ] : []),
    { name: 'charsets', value: JSON.stringify({ to: 'UTF-8', from: 'UTF-8', subject: 'UTF-8', text: 'UTF-8' }) }, { name: 'SPF', value: 'pass' },
  ];
}

/**
 * One POST over a kept-alive connection, resolving with the status once the answer is read. node:http rather than
 * fetch: fetch turns each Buffer body into a web stream, and that copying, in this same process, slowed the server.
 */
function post(agent: Agent, url: URL, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function load(db: Database): Promise<void> {
  const emails = await seed(db);
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const config = loadConfig({ DEMO_LEDGER: 'off', LINK_SECRET: secret });
  const http = createHttpServer(sendgridInboundRoutes({
    store: postgresInboundReplyStore(db.sql), publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    matching: { store: postgresReplyMatchStore(db.sql), secret, inboundDomain: domain, pauseDays: config.REPLY_PAUSE_DAYS },
    maxBytes: config.INBOUND_MAX_BYTES, maxAttachmentBytes: config.INBOUND_MAX_ATTACHMENT_BYTES, now: () => new Date(), log: quiet,
  }), quiet);
  const url = new URL(`http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/webhooks/sendgrid/inbound`);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  try {
    // Built and signed before the clock starts, so the load generator's own work does not delay the schedule (one
    // timestamp for all: runs longer than the webhook's 600-second tolerance would be refused as stale).
    const total = Math.round(rate * seconds);
    const at = new Date();
    const timestamp = String(Math.floor(at.getTime() / 1000));
    const requests = Array.from({ length: total }, (_, i) => {
      const customer = 1 + ((i * 7919) % customers);
      const body = multipartBody(replyParts(i, kindOf(i), emails[customer - 1]!, customer, at));
      return { body, headers: { 'content-type': inboundContentType, ...signedInbound(body, privateKey, timestamp) } };
    });
    const bytes = requests.reduce((s, r) => s + r.body.length, 0);
    const latencies: number[] = [];
    // How late each request left (this process also runs the server): a late start is in its latency too.
    const lags: number[] = [];
    const failures = new Map<string, number>();
    // Other work on the machine takes the same CPUs and disk: printed, so a slow run can be told from a slow server.
    const loadBefore = loadavg()[0]!;
    const started = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const r = requests[i]!;
      lags.push(performance.now() - due);
      inflight.push(post(agent, url, r.body, r.headers).then((status) => {
        latencies.push(performance.now() - due);
        if (status !== 200) failures.set(String(status), (failures.get(String(status)) ?? 0) + 1);
      }, (err: Error) => {
        latencies.push(performance.now() - due);
        failures.set(err.message, (failures.get(err.message) ?? 0) + 1);
      }));
    }
    await Promise.all(inflight);
    const elapsedS = (performance.now() - started) / 1000;
    lags.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const p99 = pct(latencies, 0.99);
    const [stored] = await db.sql<{ replies: number; token: number; thread: number; sender: number; unmatched: number; auto: number; attachments: number; holds: number }[]>`
      SELECT count(*)::int AS replies, count(*) FILTER (WHERE matched_by = 'token')::int AS token,
             count(*) FILTER (WHERE matched_by = 'thread')::int AS thread, count(*) FILTER (WHERE matched_by = 'sender')::int AS sender,
             count(*) FILTER (WHERE matched_by IS NULL AND machine IS NULL)::int AS unmatched,
             count(*) FILTER (WHERE machine = 'auto_reply')::int AS auto,
             (SELECT count(*)::int FROM inbound_reply_attachments) AS attachments,
             (SELECT count(*)::int FROM reminder_holds WHERE created_by LIKE 'reply:%') AS holds
      FROM inbound_replies`;
    console.log([
      `inbound replies: ${total} signed Inbound Parse posts at ${rate}/s for ${seconds} s (open loop) on ${cpus().length} CPUs ` +
        `(1-minute load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after), ` +
        `${(bytes / 1e6).toFixed(1)} MB in all (every fifth with a ${attachmentBytes / 1024} KB attachment); ${customers} customers with a sent reminder each`,
      `  mix sent: 40% by token, 30% by thread, 20% unmatched, 10% auto-replies`,
      `  answered in ${elapsedS.toFixed(1)} s = ${(latencies.length / elapsedS).toFixed(1)} requests/s; latency from the scheduled send ` +
        `p50 ${ms(pct(latencies, 0.5))}, p95 ${ms(pct(latencies, 0.95))}, p99 ${ms(p99)}, max ${ms(latencies.at(-1) ?? NaN)}`,
      `  p99 < 500 ms: ${p99 < 500 ? 'yes' : 'NO'}; errors ${[...failures].map(([k, v]) => `${k}×${v}`).join(', ') || 'none'}; ` +
        `requests left late by p99 ${ms(pct(lags, 0.99))} (the load generator shares the process and its ${cpus().length} CPUs with the server and Postgres)`,
      `  stored ${stored!.replies}: ${stored!.token} by token, ${stored!.thread} by thread, ${stored!.sender} by sender, ${stored!.unmatched} unmatched, ` +
        `${stored!.auto} auto-replies; ${stored!.attachments} attachments kept; ${stored!.holds} reminder holds written`,
    ].join('\n'));
  } finally {
    agent.destroy();
    await http.close();
  }
}

export async function run(): Promise<void> {
  const url = benchDatabaseUrl();
  const up = await probe(url);
  if (!up.ok) {
    console.log(`inbound replies benchmark skipped: it needs a real PostgreSQL (${describeUrl(url)}: ${up.reason})`);
    return;
  }
  const admin = adminClient(url);
  const bench = await createBenchDatabase(admin, url);
  const db = await openDatabase({ databaseUrl: bench.url, dataDir: '', max: 10 });
  try {
    await migrate(db.sql);
    await load(db);
  } finally {
    await db.close();
    await bench.drop();
    await admin.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
