-- Monthly statements per segment (issue 20): which segments get a statement every month, and on which business day
-- of the month (`arbot policy statements load FILE.json`; no row: none). One row, the file as loaded, checked again
-- by the domain's zod schema when read (src/domain/statements/statement-policy.ts).
CREATE TABLE statement_policy (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  policy          jsonb NOT NULL,
  loaded_by       text NOT NULL,
  loaded_at       timestamptz NOT NULL DEFAULT now()
);

-- A statement is asked for (chat, `arbot statement send`) or monthly (the monthly-statements job); a monthly one names
-- its month in the customer's time zone. Still never a cadence reminder: no step is claimed, no gap is counted.
ALTER TABLE statement_emails
  ADD COLUMN kind text NOT NULL DEFAULT 'requested' CHECK (kind IN ('requested', 'monthly')),
  ADD COLUMN statement_month text CHECK (statement_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  ADD CONSTRAINT statement_emails_month_of_monthly CHECK ((kind = 'monthly') = (statement_month IS NOT NULL));
-- At most one monthly statement sent per customer and month, whatever runs the job.
CREATE UNIQUE INDEX statement_emails_monthly_once ON statement_emails (customer_id, statement_month)
  WHERE kind = 'monthly' AND status = 'sent';

-- The claim a run takes before sending a customer's monthly statement: the first insert for (customer, month) wins,
-- so two instances or two runs send it once. Released when nothing went out (no open invoice, no address, a send the
-- provider refused) so a later run that day tries again; kept once sent (statement_email_id then names the send) and
-- when the send is in doubt (the provider may have it: never twice).
CREATE TABLE monthly_statement_claims (
  customer_id        bigint NOT NULL REFERENCES customers (id),
  statement_month    text NOT NULL CHECK (statement_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  claimed_at         timestamptz NOT NULL,
  statement_email_id bigint REFERENCES statement_emails (id),
  PRIMARY KEY (customer_id, statement_month)
);
