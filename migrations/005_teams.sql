-- Microsoft Teams: where arbot may post proactively, and which chat platform each owner prefers.

-- A conversation reference per Teams conversation arbot was installed in or spoken to (a channel, a group chat,
-- a person's chat with arbot), captured on install and on every message. Proactive posts need the reference's
-- serviceUrl, so it is kept in the database, never in memory: alerts still reach Teams after any restart.
CREATE TABLE teams_conversations (
  conversation_id   text PRIMARY KEY,
  conversation_type text NOT NULL CHECK (conversation_type IN ('personal', 'channel', 'groupChat')),
  tenant_id         text,
  service_url       text NOT NULL,
  -- For a personal chat, the person (AAD object id): how an owner's own alerts reach them without a channel.
  user_aad_id       text,
  -- The whole ConversationReference as Bot Framework gave it, for continueConversation.
  reference         jsonb NOT NULL,
  -- False once arbot was removed from the conversation: nothing is posted there until it is added again.
  installed         boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX teams_conversations_user_idx ON teams_conversations (user_aad_id) WHERE conversation_type = 'personal';

-- Which platform an owner's own alerts go to when they have ids on both. Null: Slack when they have a Slack id,
-- else Teams when they have a Teams id (so owners imported before Teams keep their Slack routing).
ALTER TABLE owners ADD COLUMN chat_platform text CHECK (chat_platform IN ('slack', 'teams'));
