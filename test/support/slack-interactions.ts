import { randomBytes } from 'node:crypto';
import {
  newTriggerId, nowSeconds, payloadForm, plainText, randomId, slackTestIds, slackTs, unsetResponseUrl, user,
} from './slack-test-ids.js';

/**
 * Interaction payloads as Slack posts them (`payload=<JSON>` form bodies): block_actions from a message or a view,
 * view_submission, and the `state.values` entries of each input type. Shapes follow Slack's interaction-payload
 * reference and captured payloads; slack-requests.ts re-exports everything here.
 */

/** A clicked button, as in `actions[]` of block_actions. */
export interface ButtonActionInput {
  type: 'button';
  actionId: string;
  blockId: string;
  value?: string;
  /** The button's label. */
  text?: string;
  style?: 'primary' | 'danger';
}

/** A chosen option of a static select menu. Slack sends `placeholder`, not `text`, for menus. */
export interface StaticSelectActionInput {
  type: 'static_select';
  actionId: string;
  blockId: string;
  selected: { value: string; text: string } | null;
  placeholder?: string;
}

export type BlockActionInput = ButtonActionInput | StaticSelectActionInput;

export interface BlockActionsInput {
  actions: BlockActionInput[];
  userId?: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  triggerId?: string;
  token?: string;
  /** `state.values` of the surface (inputs and menus around the button); empty by default. */
  stateValues?: Record<string, Record<string, unknown>>;
  /** Message source (default): the channel, and the message as Slack shows it (pass `fake.message(...)`). */
  channelId?: string;
  channelName?: string;
  message?: { ts: string; text?: string; blocks?: unknown[]; thread_ts?: string; [key: string]: unknown };
  isEphemeral?: boolean;
  responseUrl?: string;
  /** View source instead of a message: the modal or home view the button is in (as views.open/publish returned it). */
  view?: { id: string; type?: string; [key: string]: unknown };
}

/** A `block_actions` interaction as Slack posts it: the form body `payload=<JSON>`. */
export function blockActionsBody(input: BlockActionsInput): string {
  return payloadForm(blockActionsPayload(input));
}

export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const ids = slackTestIds;
  const teamId = input.teamId ?? ids.teamId;
  const actionTs = slackTs();
  const actions = input.actions.map((a) => (a.type === 'button'
    ? {
      action_id: a.actionId,
      block_id: a.blockId,
      text: plainText(a.text ?? a.actionId),
      ...(a.value === undefined ? {} : { value: a.value }),
      ...(a.style ? { style: a.style } : {}),
      type: 'button',
      action_ts: actionTs,
    }
    : {
      type: 'static_select',
      action_id: a.actionId,
      block_id: a.blockId,
      selected_option: a.selected && { text: plainText(a.selected.text), value: a.selected.value },
      ...(a.placeholder ? { placeholder: plainText(a.placeholder) } : {}),
      action_ts: actionTs,
    }));
  const common = {
    type: 'block_actions',
    user: user(input.userId ?? 'U0ANA', input.userName ?? 'ana', teamId),
    api_app_id: input.apiAppId ?? ids.apiAppId,
    token: input.token ?? ids.verificationToken,
  };
  if (input.view) {
    // From a modal or the home tab: no channel, no message, no response_url.
    return {
      ...common,
      container: { type: 'view', view_id: input.view.id },
      trigger_id: input.triggerId ?? newTriggerId(),
      team: { id: teamId, domain: input.teamDomain ?? ids.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      view: input.view,
      state: { values: input.stateValues ?? {} },
      actions,
    };
  }
  const channelId = input.channelId ?? 'C0FINANCE';
  const messageTs = input.message?.ts ?? slackTs();
  return {
    ...common,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: input.isEphemeral ?? false },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: input.teamDomain ?? ids.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: input.channelName ?? 'finance' },
    message: {
      user: ids.botUserId, type: 'message', bot_id: ids.botId, app_id: ids.apiAppId, text: '', team: teamId, blocks: [],
      ...input.message,
      ts: messageTs,
    },
    state: { values: input.stateValues ?? {} },
    response_url: input.responseUrl ?? unsetResponseUrl,
    actions,
  };
}

/** Entries of `view.state.values[blockId][actionId]`, shaped as Slack sends them (unset inputs are null). */
export const stateValue = {
  datepicker: (selectedDate: string | null) => ({ type: 'datepicker', selected_date: selectedDate }),
  plainText: (value: string | null) => ({ type: 'plain_text_input', value }),
  number: (value: string | null) => ({ type: 'number_input', value }),
  staticSelect: (selected: { value: string; text: string } | null) => ({
    type: 'static_select',
    selected_option: selected && { text: plainText(selected.text), value: selected.value },
  }),
};

export interface ViewSubmissionInput {
  callbackId: string;
  /** `state.values`: `{ [blockId]: { [actionId]: stateValue.xxx(...) } }`. */
  values: Record<string, Record<string, unknown>>;
  privateMetadata?: string;
  /** The view as views.open returned it (`fake.calls('views.open')[0].response.view`); its fields are kept. */
  view?: Record<string, unknown>;
  userId?: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  triggerId?: string;
  token?: string;
  /** Only for modals with `response_url_enabled` inputs; empty otherwise. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** A `view_submission` interaction as Slack posts it: the form body `payload=<JSON>`. */
export function viewSubmissionBody(input: ViewSubmissionInput): string {
  return payloadForm(viewSubmissionPayload(input));
}

export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const ids = slackTestIds;
  const teamId = input.teamId ?? ids.teamId;
  const id = (input.view?.id as string | undefined) ?? `V${randomId(10)}`;
  const view = {
    id,
    team_id: teamId,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: input.callbackId,
    hash: `${nowSeconds()}.${randomBytes(4).toString('hex')}`,
    title: plainText('arbot'),
    clear_on_close: false,
    notify_on_close: false,
    close: plainText('Cancel'),
    submit: plainText('Save'),
    previous_view_id: null,
    root_view_id: id,
    app_id: input.apiAppId ?? ids.apiAppId,
    external_id: '',
    app_installed_team_id: teamId,
    bot_id: ids.botId,
    ...input.view,
    ...(input.privateMetadata === undefined ? {} : { private_metadata: input.privateMetadata }),
    state: { values: input.values },
  };
  return {
    type: 'view_submission',
    team: { id: teamId, domain: input.teamDomain ?? ids.teamDomain },
    user: user(input.userId ?? 'U0ANA', input.userName ?? 'ana', teamId),
    api_app_id: input.apiAppId ?? ids.apiAppId,
    token: input.token ?? ids.verificationToken,
    trigger_id: input.triggerId ?? newTriggerId(),
    view,
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
