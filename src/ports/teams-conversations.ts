/** The kind of Teams conversation arbot is in: a person's chat with it, a team's channel, or a group chat. */
export type TeamsConversationType = 'personal' | 'channel' | 'groupChat';

/** A conversation arbot was reached from, as it is kept (the id without a channel thread's `;messageid=` part). */
export interface TeamsConversation {
  readonly conversationId: string;
  readonly type: TeamsConversationType;
  readonly tenantId: string | null;
  readonly serviceUrl: string;
  /** Whose personal chat it is (their AAD object id): that person's own alerts go there. */
  readonly userAadId: string | null;
  /** The Bot Framework conversation reference, as JSON: the Teams adapter checks it when it reads it back. */
  readonly reference: unknown;
}

/**
 * Where arbot can post in Teams, kept in the database, never in memory: a proactive post needs the reference's
 * serviceUrl, and arbot must still reach Teams after a restart or on another instance.
 */
export interface TeamsConversationStore {
  /** Remembers a conversation (upsert; a tenant or owner once known is kept): on install and on every message. */
  store(conversation: TeamsConversation): Promise<void>;
  /** arbot was removed from the conversation: nothing is posted there until it is added again. */
  forget(conversationId: string): Promise<void>;
  /** The stored reference of a conversation and whether arbot is still in it; null when never reached from there. */
  read(conversationId: string): Promise<{ readonly reference: unknown; readonly installed: boolean } | null>;
  /** The most recently updated conversation arbot is in: its serviceUrl and tenant reach a channel it was not told of. */
  latest(): Promise<{ readonly reference: unknown; readonly tenantId: string | null } | null>;
}
