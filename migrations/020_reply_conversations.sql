-- Customer replies as conversations in chat (issue 17): what detection proposed, the invoice whose thread a reply
-- is posted under, whether a person has dealt with it, and the answers sent from chat.

ALTER TABLE inbound_replies
  -- What the reply seems to say, as understandReply read it when it was matched (proposals only; never applied).
  ADD COLUMN understanding jsonb,
  -- The invoice whose chat thread the reply is posted under: the first invoice of the email it answers, or the
  -- customer's oldest open invoice when it was matched by sender. NULL: posted on its own.
  ADD COLUMN invoice_id  bigint REFERENCES invoices (id),
  -- The reply was dealt with: answered from chat, turned into a promise or a dispute, reminders resumed, or done.
  ADD COLUMN handled_at  timestamptz,
  ADD COLUMN handled_by  text,
  ADD COLUMN handled_how text CHECK (handled_how IN ('answered', 'promise', 'dispute', 'resumed', 'done')),
  ADD CONSTRAINT inbound_replies_handled_whole CHECK ((handled_at IS NULL) = (handled_how IS NULL) AND (handled_at IS NULL) = (handled_by IS NULL)),
  ADD CONSTRAINT inbound_replies_handled_matched CHECK (handled_at IS NULL OR customer_id IS NOT NULL);

-- "Replies waiting for me": matched human replies nobody has dealt with yet, per customer.
CREATE INDEX inbound_replies_waiting_idx ON inbound_replies (customer_id, received_at)
  WHERE handled_at IS NULL AND matched_by IS NOT NULL;
CREATE INDEX inbound_replies_customer_idx ON inbound_replies (customer_id, received_at) WHERE customer_id IS NOT NULL;

-- An answer written in chat and sent to the customer's billing contacts, threaded on their reply.
CREATE TABLE reply_answers (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reply_id     bigint NOT NULL REFERENCES inbound_replies (id),
  customer_id  bigint NOT NULL REFERENCES customers (id),
  -- Who wrote it (the person's name and email as chat gave them).
  sent_by      text NOT NULL,
  body         text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  to_emails    text[] NOT NULL,
  cc_emails    text[] NOT NULL DEFAULT '{}',
  subject      text NOT NULL,
  -- Our Message-ID for it (a reply to the answer threads back through it) and the reply-to address it carried.
  message_id   text NOT NULL UNIQUE,
  reply_to     text,
  -- queued by the chat action (which must answer at once), then sent by the answer sender: a send that may have
  -- reached the provider and whose outcome is unknown is in_doubt and never resent.
  status       text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'in_doubt')),
  attempts     integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  sending_started_at timestamptz,
  provider     text,
  provider_message_id text,
  last_error   text,
  created_at   timestamptz NOT NULL,
  sent_at      timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX reply_answers_reply_idx ON reply_answers (reply_id);
CREATE INDEX reply_answers_queue_idx ON reply_answers (next_attempt_at) WHERE status = 'queued';

-- A message posted in another message's thread (a customer reply under its invoice's card): the parent's ref, so
-- lines about the reply go to that same thread.
ALTER TABLE chat_messages ADD COLUMN thread_ref text;

-- The reply an alert is about (customer_reply, reply_unmatched): its chat message is the reply's own.
ALTER TABLE alerts ADD COLUMN reply_id bigint REFERENCES inbound_replies (id);
