-- Matching customer replies to what we sent (issue 17). Each reminder email carries our own Message-ID, so a reply's
-- In-Reply-To or References finds it; each stored reply records what it was matched to and how, or that it was
-- machine mail (an auto-reply or a delivery status notification), which is never matched further.
ALTER TABLE reminder_emails ADD COLUMN message_id text;
CREATE UNIQUE INDEX reminder_emails_message_id_idx ON reminder_emails (message_id) WHERE message_id IS NOT NULL;

ALTER TABLE inbound_replies
  ADD COLUMN matched_by text CHECK (matched_by IN ('token', 'thread', 'sender')),
  ADD COLUMN machine    text CHECK (machine IN ('auto_reply', 'delivery_status')),
  -- Set once the reply was read and its effects applied: a redelivery or a second run changes nothing.
  ADD COLUMN matched_at timestamptz,
  ADD CONSTRAINT inbound_replies_matched_by_target CHECK (matched_by IS NULL OR customer_id IS NOT NULL),
  ADD CONSTRAINT inbound_replies_machine_unmatched CHECK (machine IS NULL OR matched_by IS NULL);

-- Billing contacts are looked up by a reply's sender (stored lower case, as the import folds them).
CREATE INDEX customers_billing_emails_idx ON customers USING gin (billing_emails);

-- A reply pauses reminders once: its holds name it in created_by ('reply:<id>').
CREATE INDEX reminder_holds_created_by_reply_idx ON reminder_holds (created_by) WHERE created_by LIKE 'reply:%';
