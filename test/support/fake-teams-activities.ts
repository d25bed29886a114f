import { randomUUID } from 'node:crypto';

// Bot Framework activity JSON as Microsoft Teams sends it to a bot's /api/messages, for HTTP and TestAdapter tests.

export const teamsIds = {
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  bot: '28:00000000-0000-0000-0000-00000000b07a',
  botName: 'arbot',
  salesChannel: '19:sales0channel0000000000000000000@thread.tacv2',
} as const;

export interface TeamsPerson {
  /** The Bot Framework user id (29:…). */
  readonly id: string;
  readonly aadObjectId: string;
  readonly name: string;
  readonly email: string;
}

/** A person's 1:1 chat with arbot. */
export const personalChat = (p: TeamsPerson) => `a:1personal-${p.aadObjectId}`;

interface Where {
  readonly serviceUrl: string;
  /** A channel id (19:…@thread.tacv2), else the person's personal chat. */
  readonly conversationId?: string;
}

function envelope(from: TeamsPerson, where: Where) {
  const channel = where.conversationId?.startsWith('19:') ?? false;
  return {
    id: `f:${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: where.serviceUrl,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
    recipient: { id: teamsIds.bot, name: teamsIds.botName },
    conversation: channel
      ? { id: where.conversationId!, conversationType: 'channel', isGroup: true, tenantId: teamsIds.tenant }
      : { id: where.conversationId ?? personalChat(from), conversationType: 'personal', tenantId: teamsIds.tenant },
    channelData: { tenant: { id: teamsIds.tenant }, ...(channel ? { team: { id: teamsIds.salesChannel }, channel: { id: where.conversationId } } : {}) },
    locale: 'en-US',
  };
}

/** The app installed for a person (personal scope) or in a team. */
export function installationUpdate(from: TeamsPerson, where: Where, action: 'add' | 'remove' = 'add') {
  return { ...envelope(from, where), type: 'installationUpdate', action };
}

/** A message to arbot: in a channel it mentions arbot, as Teams writes it. */
export function messageActivity(from: TeamsPerson, text: string, where: Where) {
  const e = envelope(from, where);
  const channel = e.conversation.conversationType === 'channel';
  const mention = `<at>${teamsIds.botName}</at>`;
  return {
    ...e,
    type: 'message',
    text: channel ? `${mention} ${text}` : text,
    textFormat: 'plain',
    entities: channel ? [{ type: 'mention', text: mention, mentioned: { id: teamsIds.bot, name: teamsIds.botName } }] : [],
  };
}

/** A click on an Action.Execute of the card `replyToId`: an `adaptiveCard/action` invoke. */
export function cardActionInvoke(from: TeamsPerson, where: Where & { replyToId?: string }, verb: string, data: unknown, opts: { id?: string } = {}) {
  return {
    ...envelope(from, where),
    ...(opts.id ? { id: opts.id } : {}),
    type: 'invoke',
    name: 'adaptiveCard/action',
    ...(where.replyToId ? { replyToId: where.replyToId } : {}),
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

/** An invoke whose value is whatever the test gives (malformed ones). */
export function rawInvoke(from: TeamsPerson, where: Where, value: unknown) {
  return { ...envelope(from, where), type: 'invoke', name: 'adaptiveCard/action', value };
}
