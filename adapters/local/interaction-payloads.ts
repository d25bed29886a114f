import { localBot, type LocalUser } from './local-directory.js';
import type { Json, LocalMessage, LocalView } from '../../src/ports/local-slack-store.js';

// Interaction bodies shaped exactly as Slack posts them (after Bolt's receiver parses `payload=`): block_actions
// from a message or a view, view_submission, view_closed, slash commands and events. Field lists follow Slack's
// interaction-payload reference and test/support/slack-interactions.ts. Pure: ids and times are arguments.

const obj = (v: unknown): Json | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const team = { id: localBot.teamId, domain: 'arbot-local' };
const userOf = (u: LocalUser) => ({ id: u.id, username: u.email.split('@')[0], name: u.email.split('@')[0], team_id: localBot.teamId });

/** An interactive element of a surface, found by the block and action ids a form posted. */
export function findElement(blocks: unknown, blockId: string, actionId: string): Json | null {
  for (const b of list(blocks)) {
    const block = obj(b);
    if (!block || block.block_id !== blockId) continue;
    const candidates = block.type === 'actions' ? list(block.elements) : block.type === 'section' ? [block.accessory] : [];
    for (const e of candidates) if (obj(e)?.action_id === actionId) return obj(e);
  }
  return null;
}

/**
 * The element as the page showed it, rebuilt from what its form carried, for a click on a message or view that
 * changed since the page was drawn (Slack's client, too, sends the element it shows). Only buttons and menus.
 */
export function shownElement(type: string, actionId: string, value: string | null, text: string, picked: string | null): Json | null {
  const label = { type: 'plain_text', text: text || actionId, emoji: true };
  if (type === 'button') return { type, action_id: actionId, text: label, ...(value === null ? {} : { value }) };
  if ((type === 'static_select' || type === 'overflow') && picked !== null) {
    return { type, action_id: actionId, options: [{ text: { type: 'plain_text', text: picked }, value: picked }] };
  }
  return null;
}

/** The options of a select or overflow menu, option groups included. */
function optionsOf(element: Json): Json[] {
  const groups = list(element.option_groups).flatMap((g) => list(obj(g)?.options));
  return [...list(element.options), ...groups].map(obj).filter((o): o is Json => o !== null);
}

/**
 * The `actions[]` entry Slack sends for a click on `element`; `picked` is the chosen option value or date.
 * Null when the pick is not one the element offers (a stale or forged form): Slack could not send that.
 */
export function actionPayload(element: Json, blockId: string, picked: string | null, actionTs: string): Json | null {
  const base = { action_id: element.action_id, block_id: blockId, action_ts: actionTs };
  switch (element.type) {
    case 'button':
      return { ...base, type: 'button', text: element.text, ...(element.value === undefined ? {} : { value: element.value }), ...(element.style ? { style: element.style } : {}) };
    case 'static_select':
    case 'overflow':
    case 'radio_buttons': {
      const option = optionsOf(element).find((o) => o.value === picked);
      if (!option) return null;
      const selected = { text: option.text, value: option.value };
      return { ...base, type: element.type, selected_option: selected, ...(element.placeholder ? { placeholder: element.placeholder } : {}) };
    }
    case 'datepicker':
      if (picked === null || !/^\d{4}-\d{2}-\d{2}$/.test(picked)) return null;
      return { ...base, type: 'datepicker', selected_date: picked, ...(element.initial_date ? { initial_date: element.initial_date } : {}) };
    default:
      return null;
  }
}

export interface Ids {
  readonly triggerId: string;
  readonly responseUrl?: string;
}

/** block_actions from a message in a channel (ephemeral or not). */
export function messageBlockActions(user: LocalUser, message: LocalMessage, action: Json, ids: Ids & { responseUrl: string }): Json {
  return {
    type: 'block_actions',
    user: userOf(user),
    api_app_id: localBot.appId,
    token: 'local-verification-token',
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: message.visibleTo !== null },
    trigger_id: ids.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: message.channel, name: message.channel },
    message: {
      type: 'message', user: localBot.userId, bot_id: localBot.botId, app_id: localBot.appId, team: localBot.teamId,
      text: message.text, ts: message.ts, ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(message.blocks ? { blocks: message.blocks } : {}),
    },
    state: { values: {} },
    response_url: ids.responseUrl,
    actions: [action],
  };
}

/** block_actions from a modal or the home tab: no channel, no message, no response_url. */
export function viewBlockActions(user: LocalUser, view: LocalView, action: Json, ids: Ids): Json {
  return {
    type: 'block_actions',
    user: userOf(user),
    api_app_id: localBot.appId,
    token: 'local-verification-token',
    container: { type: 'view', view_id: view.id },
    trigger_id: ids.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    view: view.view,
    state: { values: obj(obj(view.view.state)?.values) ?? {} },
    actions: [action],
  };
}

/** view_submission of a modal whose `view.state.values` holds what was typed. */
export function viewSubmission(user: LocalUser, view: Json, ids: Ids): Json {
  return {
    type: 'view_submission',
    team,
    user: userOf(user),
    api_app_id: localBot.appId,
    token: 'local-verification-token',
    trigger_id: ids.triggerId,
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** view_closed, sent only for modals opened with notify_on_close. */
export function viewClosed(user: LocalUser, view: Json): Json {
  return { type: 'view_closed', team, user: userOf(user), api_app_id: localBot.appId, token: 'local-verification-token', view, is_cleared: false, is_enterprise_install: false, enterprise: null };
}

/** A slash command as Bolt's receiver hands it over (Slack posts it form-encoded; every field is a string). */
export function slashCommand(user: LocalUser, channel: string, command: string, text: string, ids: Ids & { responseUrl: string }): Json {
  return {
    token: 'local-verification-token',
    team_id: localBot.teamId,
    team_domain: team.domain,
    channel_id: channel,
    channel_name: channel,
    user_id: user.id,
    user_name: user.email.split('@')[0],
    command,
    text,
    api_app_id: localBot.appId,
    is_enterprise_install: 'false',
    response_url: ids.responseUrl,
    trigger_id: ids.triggerId,
  };
}

/** The Events API envelope of `app_home_opened` (the home tab was shown). */
export function appHomeOpened(user: LocalUser, home: Json | null, eventTs: string): Json {
  return {
    token: 'local-verification-token',
    team_id: localBot.teamId,
    api_app_id: localBot.appId,
    type: 'event_callback',
    event_id: `Ev${eventTs.replace('.', '')}`,
    event_time: Math.floor(Number(eventTs)),
    authorizations: [{ enterprise_id: null, team_id: localBot.teamId, user_id: localBot.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event: { type: 'app_home_opened', user: user.id, channel: `D${user.id}`, tab: 'home', event_ts: eventTs, ...(home ? { view: home } : {}) },
  };
}
