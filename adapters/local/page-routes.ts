import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml } from '../../blocks/local/html.js';
import { modalHtml } from '../../blocks/local/view-html.js';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/server.js';
import { examplePromise } from './customer-reply-parse.js';
import { cookie, redirect, sendHtml } from './http-kit.js';
import { appHomeOpened } from './interaction-payloads.js';
import { teamChannels } from './local-directory.js';
import { dmChannel } from './local-web-api.js';
import { listOutbox, readOutboxEmail } from './outbox-reader.js';
import { appCss, appJs } from './pages/assets.js';
import { channelMain } from './pages/channel-page.js';
import { homeMain } from './pages/home-page.js';
import { page, type Frame } from './pages/layout.js';
import { outboxMain } from './pages/outbox-page.js';
import { csrfCookie, namer, session, type Session, type WorkspaceContext } from './workspace-context.js';

const teamPurpose: Readonly<Record<string, string>> = {
  sales: 'Sales team: alerts about customers whose sales owner has no channel here.',
  delivery: 'Delivery team: blockers waiting on delivery, for owners without a channel here.',
  finance: 'Finance: unmatched payments and disputes past the 48-hour SLA.',
};

/** "Tue 10 Mar 2026, 10:00" in the company's time zone. */
export function timeFormatter(zone: string): (at: Date) => string {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (at) => f.format(at).replace(/,(?= \d{2}:)/, ',');
}

function offsetLabel(ms: number): string {
  if (ms === 0) return '';
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.round((ms % 86_400_000) / 3_600_000);
  return `+${days > 0 ? `${days} day${days === 1 ? '' : 's'}` : ''}${hours > 0 ? `${days > 0 ? ' ' : ''}${hours} h` : ''} ahead of real time`;
}

async function frame(ctx: WorkspaceContext, s: Session, req: IncomingMessage, title: string, current: string): Promise<Frame> {
  const counts = await ctx.store.channelCounts(s.me.id);
  const mine = dmChannel(s.me.id);
  const names = [...teamChannels, ...s.users.map((u) => u.channel)];
  for (const c of counts.keys()) if (!names.includes(c) && !c.startsWith('D')) names.push(c);
  const channels = [
    ...names.map((name) => ({ name, count: counts.get(name) ?? 0, mine: name === s.me.channel, dm: false })),
    { name: mine, count: counts.get(mine) ?? 0, mine: true, dm: true },
  ];
  const url = new URL(req.url ?? '/', 'http://local');
  const notice = url.searchParams.get('notice');
  return {
    title, here: url.pathname, csrf: s.csrf, users: s.users, me: s.me, channels, current,
    outboxCount: (await listOutbox(ctx.outboxDir)).length,
    clock: ctx.clock.enabled() ? { now: `${timeFormatter(ctx.zone)(ctx.now())} (${ctx.zone})`, offset: offsetLabel(ctx.clock.offsetMs()) } : null,
    notice: notice === null ? null : notice.slice(0, 500),
  };
}

/** The open modal of the viewer, drawn over any page. */
async function modalOf(ctx: WorkspaceContext, s: Session, f: Frame): Promise<string> {
  const top = await ctx.store.topModal(s.me.id);
  if (!top) return '';
  const hidden = { csrf: f.csrf, back: f.here, view_id: top.id };
  return modalHtml(top.view, {
    viewId: top.id, submitAction: '/local/view/submit', closeAction: '/local/view/close', hidden,
    target: { action: '/local/act', hidden: { ...hidden, surface: 'view' } }, errors: top.errors ?? {}, userName: namer(s.users),
  });
}

function send(res: ServerResponse, s: Session, html: string): void {
  sendHtml(res, html, s.newCsrf ? { 'set-cookie': cookie(csrfCookie, s.csrf) } : {});
}

export function pageRoutes(ctx: WorkspaceContext): Route[] {
  const routes: Route[] = [
    { method: 'GET', path: '/local/assets/app.css', handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' }).end(appCss) },
    { method: 'GET', path: '/local/assets/app.js', handler: (_req, res) => void res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }).end(appJs) },
    {
      method: 'GET', path: '/local',
      handler: async (req, res) => redirect(res, `/local/c/${encodeURIComponent((await session(ctx, req)).me.channel)}`),
    },
    {
      method: 'GET', path: /^\/local\/c\/(?<channel>[A-Za-z0-9_-]{1,80})$/,
      handler: async (req, res, params) => {
        const s = await session(ctx, req);
        const channel = params.channel!;
        // A direct message channel is its user's alone.
        if (channel.startsWith('D') && channel !== dmChannel(s.me.id)) throw new HttpError(404, 'not_found', 'that conversation belongs to someone else');
        const f = await frame(ctx, s, req, channel.startsWith('D') ? 'Messages with arbot' : `#${channel}`, `c:${channel}`);
        const owner = s.users.find((u) => u.channel === channel);
        const purpose = channel.startsWith('D') ? 'Messages with arbot'
          : teamPurpose[channel] ?? (owner ? `Alerts for ${owner.name} (${owner.team}${owner.approver ? ', approver' : ''}).` : '');
        const main = channelMain({
          channel, purpose, messages: await ctx.store.channelMessages(channel, s.me.id),
          authorName: (id) => namer(s.users)(id) ?? id, formatTime: timeFormatter(ctx.zone), names: { userName: namer(s.users) },
          emptyHint: ctx.clock.enabled()
            ? 'Nothing here yet. arbot posts alerts as its jobs run (every minute); press “Run jobs now” to run them at once.'
            : 'Nothing here yet. arbot posts alerts as its jobs run.',
        }, f);
        send(res, s, page(f, main, await modalOf(ctx, s, f)));
      },
    },
    {
      method: 'GET', path: '/local/home',
      handler: async (req, res) => {
        const s = await session(ctx, req);
        // Opening the tab is an app_home_opened event, as in Slack: arbot's listener draws it now.
        const before = await ctx.store.homeOf(s.me.id);
        const delivery = await ctx.bolt.receiver.deliver(appHomeOpened(s.me, before?.view ?? null, await ctx.slack.stamp()));
        if (delivery.error) ctx.log.warn({ err: delivery.error.message }, 'local workspace: the home tab listener failed');
        const f = await frame(ctx, s, req, 'Home', 'home');
        send(res, s, page(f, homeMain(await ctx.store.homeOf(s.me.id), { userName: namer(s.users) }, f), await modalOf(ctx, s, f)));
      },
    },
    { method: 'GET', path: '/local/outbox', handler: (req, res) => outboxPage(ctx, req, res, null) },
    { method: 'GET', path: /^\/local\/outbox\/(?<file>[0-9TZ]+-[A-Za-z0-9_-]+\.eml)$/, handler: (req, res, params) => outboxPage(ctx, req, res, params.file!) },
    {
      method: 'GET', path: /^\/local\/outbox\/(?<file>[0-9TZ]+-[A-Za-z0-9_-]+\.eml)\/html$/,
      handler: async (_req, res, params) => {
        const email = await readOutboxEmail(ctx.outboxDir, params.file!);
        if (!email || email.html === null) throw new HttpError(404, 'not_found', 'no such email');
        // As the customer's mail client would show it: no scripts, links to a new tab, nothing fetched but images.
        const html = `<!doctype html><html><head><meta charset="utf-8"><base target="_blank"></head><body>${email.html}</body></html>`;
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; base-uri 'self'; form-action 'none'; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox",
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        });
        res.end(html);
      },
    },
  ];
  if (ctx.mode.atRoot) routes.push({ method: 'GET', path: '/', handler: (_req, res) => redirect(res, '/local') });
  return routes;
}

async function outboxPage(ctx: WorkspaceContext, req: IncomingMessage, res: ServerResponse, file: string | null): Promise<void> {
  const s = await session(ctx, req);
  const f = await frame(ctx, s, req, 'Customer outbox', 'outbox');
  const files = await listOutbox(ctx.outboxDir);
  const emails = (await Promise.all(files.map((name) => readOutboxEmail(ctx.outboxDir, name)))).filter((e) => e !== null);
  const chosen = file === null ? emails[0] ?? null : emails.find((e) => e.file === file) ?? null;
  if (file !== null && chosen === null) throw new HttpError(404, 'not_found', `no email ${escapeHtml(file)} in the outbox`);
  const reply = { frame: f, prefill: examplePromise(ctx.now(), ctx.zone), off: ctx.inbound.on ? null : ctx.inbound.off };
  send(res, s, page(f, outboxMain(emails, chosen, ctx.sendgrid, reply), await modalOf(ctx, s, f)));
}

