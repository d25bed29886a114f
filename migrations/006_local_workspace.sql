-- The local workspace: arbot's own stand-in for a Slack workspace, served in the browser when no chat platform is
-- configured. It speaks the Slack Web API on arbot's server, so what it stores is what Slack would have stored:
-- messages (with their Block Kit), thread replies, ephemeral messages seen by one person, modals and home tabs.

-- Every message of every local channel. A thread reply has thread_ts (its parent's ts); an ephemeral message has
-- visible_to (the one user who sees it) and is never a parent. ts is Slack-shaped and unique per channel.
CREATE TABLE local_messages (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel    text NOT NULL CHECK (length(channel) BETWEEN 1 AND 80),
  ts         text NOT NULL,
  thread_ts  text,
  author     text NOT NULL,
  text       text NOT NULL DEFAULT '',
  blocks     jsonb,
  visible_to text,
  posted_at  timestamptz NOT NULL,
  edited_at  timestamptz,
  deleted_at timestamptz,
  UNIQUE (channel, ts)
);
CREATE INDEX local_messages_channel_idx ON local_messages (channel, id);
CREATE INDEX local_messages_thread_idx ON local_messages (channel, thread_ts) WHERE thread_ts IS NOT NULL;

-- Modals (a stack per user: views.push puts one on top, a submission or Cancel takes it off) and home tabs (one per
-- user). `view` is the view as views.open/update answered it (id, hash, state...); errors come from the last
-- submission's ack and are shown beside their inputs.
CREATE TABLE local_views (
  id          text PRIMARY KEY,
  user_id     text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('modal', 'home')),
  root_id     text NOT NULL,
  depth       integer NOT NULL DEFAULT 0,
  view        jsonb NOT NULL,
  errors      jsonb,
  closed_at   timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX local_views_home_idx ON local_views (user_id) WHERE kind = 'home';
CREATE INDEX local_views_open_idx ON local_views (user_id, depth) WHERE kind = 'modal' AND closed_at IS NULL;

-- ts values, view ids and action_ts values come from one counter, so they never repeat across restarts.
CREATE SEQUENCE local_seq;
