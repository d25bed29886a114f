-- Chat-ops: one message per subject per channel (updated in place), durable alert delivery, decisions on
-- approval-gated emails, notes, and idempotency of clicks.

-- Where each subject (a dispute, an invoice's overdue alert, an approval) was posted, so it can be updated in place.
CREATE TABLE chat_messages (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  platform    text NOT NULL CHECK (platform IN ('slack', 'teams', 'local')),
  subject_key text NOT NULL,
  channel     text NOT NULL,
  message_ref text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (platform, subject_key, channel)
);
CREATE INDEX chat_messages_subject_idx ON chat_messages (subject_key);

-- Alerts are delivered at least once, retried with backoff, and dead-lettered after too many attempts.
ALTER TABLE alerts
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN next_attempt_at timestamptz,
  ADD COLUMN last_error text,
  ADD COLUMN dead_at timestamptz;

-- Decisions on approval-gated reminders: approved emails are queued, refused and "handled personally" cancelled.
ALTER TABLE reminder_emails
  ADD COLUMN decision text CHECK (decision IN ('approved', 'refused', 'personal')),
  ADD COLUMN decision_note text,
  ADD COLUMN approval_reminded_at timestamptz;

-- A dispute is escalated once, when it breaches the 48-hour SLA.
ALTER TABLE disputes ADD COLUMN escalated_at timestamptz;

CREATE TABLE notes (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id bigint REFERENCES invoices (id),
  dispute_id bigint REFERENCES disputes (id),
  author     text NOT NULL,
  body       text NOT NULL CHECK (length(body) BETWEEN 1 AND 3000),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (invoice_id IS NOT NULL OR dispute_id IS NOT NULL)
);
CREATE INDEX notes_invoice_idx ON notes (invoice_id);
CREATE INDEX notes_dispute_idx ON notes (dispute_id);

-- A click or a retried delivery is applied once: the platform's own id of the interaction is the key.
CREATE TABLE processed_interactions (
  key        text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now()
);
