-- Customer replies received through SendGrid Inbound Parse, each stored once by its Message-ID (or, for a message
-- without one, 'sha256:' and the hash of the raw request body). Matching to a reminder email and a customer, and
-- reading the reply (auto-submitted, promise, dispute), come later: those columns start NULL.
CREATE TABLE inbound_replies (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  message_id        text NOT NULL UNIQUE,
  received_at       timestamptz NOT NULL,
  mode              text NOT NULL CHECK (mode IN ('parsed', 'raw')),
  from_address      text,
  to_address        text,
  subject           text,
  -- The header block as SendGrid posted it (parsed mode) or as it opens the MIME message (raw mode).
  headers           text,
  text_body         text,
  html_body         text,
  spf               text,
  dkim              text,
  -- Bytes of the signed request body.
  raw_size          bigint NOT NULL CHECK (raw_size >= 0),
  -- Raw mode only: the whole MIME message, for the reader that parses bodies and attachments out of it.
  raw_mime          bytea,
  auto_submitted    boolean,
  reminder_email_id bigint REFERENCES reminder_emails (id),
  customer_id       bigint REFERENCES customers (id)
);
CREATE INDEX inbound_replies_received_idx ON inbound_replies (received_at);

-- Every attachment is listed with its name and size; its bytes are kept only up to INBOUND_MAX_ATTACHMENT_BYTES.
CREATE TABLE inbound_reply_attachments (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reply_id     bigint NOT NULL REFERENCES inbound_replies (id) ON DELETE CASCADE,
  position     integer NOT NULL CHECK (position >= 1),
  filename     text,
  content_type text,
  size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
  content      bytea,
  UNIQUE (reply_id, position)
);
