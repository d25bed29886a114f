import { CardFactory, TurnContext, type Activity, type CloudAdapter } from 'botbuilder';
import type { TeamsCard } from '../../blocks/teams/adaptive-card.js';
import { escapeTeamsMarkdown } from '../../blocks/teams/teams-markdown.js';
import type { SubjectRef } from '../../src/domain/subject.js';
import type { ChatMessages, PostedMessage } from '../../src/ports/chat-messages.js';
import type { TeamsConversationStore } from '../../src/ports/teams-conversations.js';
import { conversationReference } from './teams-conversations.js';
import { statusOf, withRetryAfter, type ThrottlePolicy } from './teams-throttle.js';

/**
 * Cards arbot posts and keeps current in Teams: one message per subject per conversation (chat_messages, platform
 * 'teams'), updated in place for everyone as the subject changes.
 */
export interface TeamsMessages {
  /**
   * Posts a subject's card to a conversation, or updates the one arbot already posted there; returns its activity
   * id. `thread`: the activity id of the card it belongs under (a customer's reply under its invoice's card): a new
   * post goes in that card's reply chain.
   */
  publish(subject: SubjectRef, conversationId: string, card: TeamsCard, thread?: string | null): Promise<string>;
  /**
   * Re-renders every card of a subject (null: leave the cards) and posts a reply line under each: in the chain of
   * the card itself, or of the card it sits under when it is a reply itself.
   */
  refresh(subject: SubjectRef, card: TeamsCard | null, replyLine: string | null): Promise<void>;
}

/** The message activity of a card: the card as attachment, its summary for notifications and the chat list. */
export function cardActivity(card: TeamsCard): Partial<Activity> {
  return { type: 'message', summary: card.summary, attachments: [CardFactory.adaptiveCard(card.card)] };
}

/**
 * Sends from a proactive turn. TurnContext.sendActivity would make every post a reply to the turn's made-up
 * continuation id; arbot posts new messages (a new post in a channel) and replies only to its own cards.
 */
async function post(ctx: TurnContext, activity: Partial<Activity>, replyToId?: string): Promise<string | undefined> {
  const ref = { ...TurnContext.getConversationReference(ctx.activity), activityId: undefined };
  const out = TurnContext.applyConversationReference({ ...activity }, ref);
  if (replyToId !== undefined) out.replyToId = replyToId;
  const [sent] = await ctx.adapter.sendActivities(ctx, [out]);
  return sent?.id;
}

/** Where the Bot Connector messages are kept and read from. */
export interface ConnectorStores {
  /** The conversation references proactive posts need. */
  readonly conversations: TeamsConversationStore;
  /** Which card arbot posted where (platform 'teams'). */
  readonly posted: ChatMessages;
}

/** Messages through the Bot Connector: proactive, from a conversation reference kept in the database. */
export function connectorMessages(stores: ConnectorStores, adapter: CloudAdapter, appId: string, throttle?: ThrottlePolicy): TeamsMessages {
  const { conversations, posted: store } = stores;
  const inConversation = async (conversationId: string, work: (ctx: TurnContext) => Promise<void>, thread?: string) => {
    const ref = await conversationReference(conversations, conversationId);
    if (!ref?.conversation) throw new Error(`arbot cannot post to Teams conversation ${conversationId}: add arbot to it (or chat with it once), then it is retried`);
    // In a channel, the conversation id with ";messageid=" names a post's thread: a reply goes there.
    const target = thread === undefined || ref.conversation.conversationType !== 'channel'
      ? ref
      : { ...ref, conversation: { ...ref.conversation, id: `${ref.conversation.id};messageid=${thread}` } };
    await adapter.continueConversationAsync(appId, target, work);
  };
  /** Updates a card where it was posted (in its thread, for a reply); false when it is gone (someone deleted it). */
  const update = async (conversationId: string, existing: PostedMessage, card: TeamsCard): Promise<boolean> => {
    let updated = false;
    await inConversation(conversationId, async (ctx) => {
      try {
        await withRetryAfter(() => ctx.updateActivity({ ...cardActivity(card), id: existing.ref }), throttle);
        updated = true;
      } catch (err) {
        // Someone deleted the card: it is posted again. Anything else (throttled past our wait, Teams down) is
        // thrown, and the alert queue retries with backoff.
        if (statusOf(err) !== 404) throw err;
      }
    }, existing.thread ?? undefined);
    return updated;
  };
  /** Posts a card on its own, or in the reply chain of `thread` (in a chat, as a reply to it). */
  const postCard = async (conversationId: string, card: TeamsCard, thread: string | null): Promise<string> => {
    let posted: string | undefined;
    await inConversation(conversationId, async (ctx) => {
      posted = await withRetryAfter(() => post(ctx, cardActivity(card), thread ?? undefined), throttle);
    }, thread ?? undefined);
    if (!posted) throw new Error('Teams accepted the card but returned no activity id');
    return posted;
  };
  const messages: TeamsMessages = {
    async publish(subject, conversationId, card, thread = null) {
      const existing = (await store.messagesOf('teams', subject)).find((m) => m.channel === conversationId);
      if (existing && await update(conversationId, existing, card)) return existing.ref;
      const posted = await postCard(conversationId, card, thread);
      await store.remember('teams', subject, conversationId, posted, thread);
      return posted;
    },
    async refresh(subject, card, replyLine) {
      for (const m of await store.messagesOf('teams', subject)) {
        const id = card ? await messages.publish(subject, m.channel, card, m.thread) : m.ref;
        if (replyLine === null) continue;
        // Teams threads are one level deep: a line about a reply goes in the chain the reply itself is in.
        const under = m.thread ?? id;
        await inConversation(m.channel, async (ctx) => {
          // Chats have no threads: there the line follows the card as a reply to it.
          const reply: Partial<Activity> = { type: 'message', text: escapeTeamsMarkdown(replyLine), textFormat: 'markdown' };
          await withRetryAfter(() => post(ctx, reply, under), throttle);
        }, under);
      }
    },
  };
  return messages;
}

