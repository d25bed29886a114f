import type { ServerResponse } from 'node:http';
import { HttpError } from '../http/respond.js';
import type { Route } from '../http/server.js';
import { cookie, field, readForm, redirect, safeBack } from './http-kit.js';
import {
  actionPayload, findElement, messageBlockActions, shownElement, slashCommand, viewBlockActions, viewClosed, viewSubmission,
} from './interaction-payloads.js';
import { localBot, type LocalUser } from './local-directory.js';
import type { Delivery } from './local-receiver.js';
import type { Json } from '../../src/ports/local-slack-store.js';
import { dmChannel, localTriggerId } from './local-web-api.js';
import { readModalState } from './modal-state.js';
import { checkPost, session, userCookie, type WorkspaceContext } from './workspace-context.js';

/** The commands of manifest.yml: Slack only sends those; anything else is answered as Slack answers it. */
const commands = new Set(['/dso', '/ar', '/review', '/team']);

const back = (res: ServerResponse, to: string, notice: string | null = null, anchor = '') =>
  redirect(res, `${safeBack(to)}${notice ? `?notice=${encodeURIComponent(notice.slice(0, 400))}` : ''}${anchor}`);

/** What the person sees when arbot did not answer, as Slack shows a warning beside the control. */
function deliveryNotice(d: Delivery, what: string): string | null {
  if (d.error) return `arbot failed to handle ${what}: ${d.error.message}`;
  if (!d.acked) return `arbot did not respond to ${what} (no listener acknowledged it).`;
  return null;
}

export function interactionRoutes(ctx: WorkspaceContext): Route[] {
  const stamp = () => ctx.slack.stamp();

  return [
    {
      // The user switcher: acting as another owner shows their rights (claims, approvals) at work.
      method: 'POST', path: '/local/as',
      handler: async (req, res) => {
        const form = await readForm(req);
        checkPost(req, form);
        const users = await ctx.users();
        const user = users.find((u) => u.id === field(form, 'user'));
        if (!user) throw new HttpError(400, 'unknown_user', 'choose one of the listed people');
        const to = safeBack(field(form, 'back'));
        // Someone else's direct messages are not theirs to see: land on the new user's own channel instead.
        redirect(res, to.startsWith('/local/c/D') ? `/local/c/${user.channel}` : to, { 'set-cookie': cookie(userCookie, user.id) });
      },
    },
    {
      // A button, menu option or date picked in a message, a modal or the home tab: block_actions.
      method: 'POST', path: '/local/act',
      handler: async (req, res) => {
        const form = await readForm(req);
        checkPost(req, form);
        const { me } = await session(ctx, req);
        const blockId = field(form, 'block_id');
        const actionId = field(form, 'action_id');
        const picked = form.has('option') ? field(form, 'option') : null;
        const to = field(form, 'back');
        if (field(form, 'surface') === 'view') {
          const view = await ctx.store.findView(field(form, 'view_id'));
          if (!view || view.userId !== me.id) return back(res, to, 'That view is closed or belongs to someone else.');
          const element = findElement(view.view.blocks, blockId, actionId) ?? shown(form, actionId, picked);
          const action = element && actionPayload(element, blockId, picked, await stamp());
          if (!action) return back(res, to, 'That control changed since the page was drawn; try again.');
          const d = await ctx.bolt.receiver.deliver(viewBlockActions(me, view, action, { triggerId: localTriggerId(me.id) }));
          return back(res, to, deliveryNotice(d, 'that click'));
        }
        const channel = field(form, 'channel');
        const message = await ctx.store.findMessage(channel, field(form, 'ts'));
        if (!message || (message.visibleTo !== null && message.visibleTo !== me.id) || (channel.startsWith('D') && channel !== dmChannel(me.id))) {
          return back(res, to, 'That message is gone.');
        }
        const element = findElement(message.blocks, blockId, actionId) ?? shown(form, actionId, picked);
        const action = element && actionPayload(element, blockId, picked, await stamp());
        if (!action) return back(res, to, 'That control changed since the page was drawn; try again.');
        // A private answer shows under the card that was clicked (an ephemeral's thread_ts names the card it answers).
        const ephemeralClicked = message.visibleTo !== null;
        const responseUrl = ctx.responses.mint({
          channel, userId: me.id, messageTs: message.ts, threadTs: ephemeralClicked ? null : message.threadTs,
          anchorTs: ephemeralClicked ? message.threadTs : message.ts,
        });
        const before = await ctx.store.lastMessageId();
        const d = await ctx.bolt.receiver.deliver(messageBlockActions(me, message, action, { triggerId: localTriggerId(me.id), responseUrl }));
        // Back to where the person looks: the private answer if the click got one (inside the card), else the card.
        const card = ephemeralClicked && message.threadTs ? message.threadTs : message.ts;
        const shownAt = (await ctx.store.answerSince(channel, card, me.id, before)) ?? card;
        return back(res, to, deliveryNotice(d, 'that click'), `#m-${shownAt.replace('.', '-')}`);
      },
    },
    {
      // "Dismiss" on a message only its viewer sees: it goes away, as in Slack.
      method: 'POST', path: '/local/dismiss',
      handler: async (req, res) => {
        const form = await readForm(req);
        checkPost(req, form);
        const { me } = await session(ctx, req);
        const channel = field(form, 'channel');
        const message = await ctx.store.findMessage(channel, field(form, 'ts'));
        if (message && message.visibleTo === me.id) await ctx.store.deleteMessage(channel, message.ts, ctx.now());
        return back(res, field(form, 'back'), null, message?.threadTs ? `#m-${message.threadTs.replace('.', '-')}` : '');
      },
    },
    {
      // The composer: a slash command goes to arbot; anything else is a plain message in the channel.
      method: 'POST', path: '/local/command',
      handler: async (req, res) => {
        const form = await readForm(req);
        checkPost(req, form);
        const { me } = await session(ctx, req);
        const channel = field(form, 'channel');
        const to = field(form, 'back');
        if (!/^[A-Za-z0-9_-]{1,80}$/.test(channel) || (channel.startsWith('D') && channel !== dmChannel(me.id))) throw new HttpError(400, 'bad_channel', 'no such channel');
        const text = field(form, 'text').trim().slice(0, 4000);
        if (text === '') return back(res, to);
        const m = /^(\/[a-z0-9_-]+)(?:\s+([\s\S]*))?$/i.exec(text);
        if (!m) {
          await ctx.slack.postAs(me.id, channel, escapeForMrkdwn(text));
          return back(res, to);
        }
        const command = m[1]!.toLowerCase();
        if (!commands.has(command)) {
          await ephemeral(ctx, channel, me, `${command} is not a valid command. arbot knows /dso, /ar, /review and /team.`);
          return back(res, to);
        }
        const responseUrl = ctx.responses.mint({ channel, userId: me.id, messageTs: null, threadTs: null });
        const d = await ctx.bolt.receiver.deliver(slashCommand(me, channel, command, (m[2] ?? '').trim(), { triggerId: localTriggerId(me.id), responseUrl }));
        // Slack shows what the command's ack carried to the person who typed it.
        const ack = ackMessage(d.response);
        if (ack) await ctx.slack.postAs(localBot.userId, channel, ack.text, { blocks: ack.blocks, visibleTo: ack.inChannel ? null : me.id });
        const notice = d.error || !d.acked ? `${command} failed with the error "dispatch_failed"${d.error ? `: ${d.error.message}` : ''}` : null;
        return back(res, to, notice);
      },
    },
    {
      // A modal's submit button: Slack's own checks first (required inputs, lengths), then view_submission.
      method: 'POST', path: '/local/view/submit',
      handler: async (req, res) => {
        const form = await readForm(req);
        checkPost(req, form);
        const { me } = await session(ctx, req);
        const to = field(form, 'back');
        const view = await ctx.store.findView(field(form, 'view_id'));
        if (!view || view.userId !== me.id || view.kind !== 'modal') return back(res, to, 'That form is closed.');
        const state = readModalState(view.view.blocks, form);
        const filled: Json = { ...view.view, state: { values: state.values } };
        if (Object.keys(state.errors).length > 0) {
          await ctx.store.replaceView(view.id, filled, state.errors);
          return back(res, to);
        }
        await ctx.store.replaceView(view.id, filled);
        const d = await ctx.bolt.receiver.deliver(viewSubmission(me, filled, { triggerId: localTriggerId(me.id) }));
        if (d.error || !d.acked) {
          await ctx.store.replaceView(view.id, filled, { '': d.error ? `arbot failed: ${d.error.message}` : 'arbot did not respond. Try again.' });
          return back(res, to);
        }
        await applyViewAck(ctx, me, view.id, filled, d.response);
        return back(res, to);
      },
    },
    {
      // Cancel (or Escape): closes the modal; view_closed is sent when the modal asked for it.
      method: 'POST', path: '/local/view/close',
      handler: async (req, res) => {
        const form = await readForm(req);
        checkPost(req, form);
        const { me } = await session(ctx, req);
        const view = await ctx.store.findView(field(form, 'view_id'));
        if (view && view.userId === me.id && view.kind === 'modal') {
          if (view.view.notify_on_close === true) await ctx.bolt.receiver.deliver(viewClosed(me, view.view));
          await ctx.store.closeModal(view);
        }
        return back(res, field(form, 'back'));
      },
    },
  ];
}

/** The clicked element as its form described it, when the surface no longer has it. */
const shown = (form: ReadonlyMap<string, readonly string[]>, actionId: string, picked: string | null) =>
  shownElement(field(form, 'el_type'), actionId, form.has('el_value') ? field(form, 'el_value') : null, field(form, 'el_text'), picked);

/** Slack's response_action answers to a submission: errors stay in the modal, update/push/clear change the stack. */
async function applyViewAck(ctx: WorkspaceContext, me: LocalUser, viewId: string, filled: Json, response: unknown): Promise<void> {
  const r = (response ?? {}) as { response_action?: string; errors?: Record<string, string>; view?: Json };
  const view = await ctx.store.findView(viewId);
  if (!view) return;
  switch (r.response_action) {
    case 'errors':
      await ctx.store.replaceView(viewId, filled, r.errors ?? {});
      return;
    case 'update':
    case 'push': {
      // Through the Web API's own storage rules, so an acked view is kept exactly as views.update/push keep it.
      const trigger = localTriggerId(me.id);
      const answer = r.response_action === 'update'
        ? await ctx.slack.call('views.update', { view_id: viewId, view: r.view }, localBot.token)
        : await ctx.slack.call('views.push', { trigger_id: trigger, view: r.view }, localBot.token);
      if (!answer.ok) await ctx.store.replaceView(viewId, filled, { '': `arbot answered with a view Slack would refuse (${String(answer.error)})` });
      return;
    }
    case 'clear':
      await ctx.store.closeAllModals(me.id);
      return;
    default:
      await ctx.store.closeModal(view);
  }
}

/** The message a command's ack() carried, if any (a string or `{ text, blocks, response_type }`). */
function ackMessage(response: unknown): { text: string; blocks: unknown[] | null; inChannel: boolean } | null {
  if (typeof response === 'string') return response === '' ? null : { text: response, blocks: null, inChannel: false };
  if (response === null || typeof response !== 'object') return null;
  const r = response as { text?: unknown; blocks?: unknown; response_type?: unknown };
  const blocks = Array.isArray(r.blocks) ? r.blocks : null;
  const text = typeof r.text === 'string' ? r.text : '';
  if (text === '' && blocks === null) return null;
  return { text, blocks, inChannel: r.response_type === 'in_channel' };
}

async function ephemeral(ctx: WorkspaceContext, channel: string, me: LocalUser, text: string): Promise<void> {
  await ctx.slack.postAs(localBot.userId, channel, escapeForMrkdwn(text), { visibleTo: me.id });
}

/** What a person types is stored as Slack stores it: `&`, `<`, `>` as entities, so it renders as typed. */
function escapeForMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

