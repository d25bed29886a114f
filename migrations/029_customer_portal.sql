-- Customer portal (issue 20): a per-customer key version signed into every portal link (src/domain/portal-link.ts).
-- Rotating it (`arbot portal rotate`, "Revoke portal links" in chat) adds one, so every link signed before stops
-- working at once; nothing is stored per link.
ALTER TABLE customers ADD COLUMN portal_key_version integer NOT NULL DEFAULT 1 CHECK (portal_key_version BETWEEN 1 AND 2000000000);

-- Statements emailed to a customer ("Send statement", `arbot statement send`): who asked, when, to whom and what
-- became of the send. Never a cadence reminder: no reminders row, so no step is claimed and no gap is counted.
CREATE TABLE statement_emails (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id         bigint NOT NULL REFERENCES customers (id),
  requested_by        text NOT NULL CHECK (requested_by <> ''),
  as_of               timestamptz NOT NULL,
  to_emails           text[] NOT NULL CHECK (cardinality(to_emails) >= 1),
  invoice_count       integer NOT NULL CHECK (invoice_count >= 0),
  status              text NOT NULL CHECK (status IN ('sent', 'failed')),
  provider            text,
  provider_message_id text,
  last_error          text,
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'sent') = (provider IS NOT NULL))
);
CREATE INDEX statement_emails_customer_idx ON statement_emails (customer_id, created_at);

-- Promises made by the customer on the portal name their origin, beside the person-made ones.
ALTER TABLE promises_to_pay ADD COLUMN origin text NOT NULL DEFAULT 'staff' CHECK (origin IN ('staff', 'customer_portal'));
