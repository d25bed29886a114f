-- Late-payment charges stated in a statement email too (issue 19 review): a customer past the reminder schedule's
-- window gets no more reminders, so a claimed charge is also stated in the customer's statement email ("Send
-- statement", `arbot statement send`, the monthly statements) and follows that email as it follows a reminder:
-- sent with it; a failed send leaves it claimed; a send that ends in doubt leaves it in doubt for a person.
--
-- statement_email_id: the statement email the charge was sent in, or is in doubt with (null otherwise); a charge is
-- tied to one email at most, a reminder (email_id) or a statement (statement_email_id).

ALTER TABLE fee_decisions
  ADD COLUMN statement_email_id bigint REFERENCES statement_emails (id),
  ADD CONSTRAINT fee_decisions_one_email CHECK (email_id IS NULL OR statement_email_id IS NULL),
  DROP CONSTRAINT fee_decisions_sent,
  ADD CONSTRAINT fee_decisions_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL AND (email_id IS NOT NULL OR statement_email_id IS NOT NULL))),
  DROP CONSTRAINT fee_decisions_in_doubt,
  ADD CONSTRAINT fee_decisions_in_doubt CHECK (status <> 'in_doubt' OR email_id IS NOT NULL OR statement_email_id IS NOT NULL);

-- Every statement email a charge was put in, as fee_decision_emails for reminders: a failed attempt stays linked.
CREATE TABLE fee_decision_statement_emails (
  fee_decision_id    bigint NOT NULL REFERENCES fee_decisions (id),
  statement_email_id bigint NOT NULL REFERENCES statement_emails (id),
  included_at        timestamptz NOT NULL,
  PRIMARY KEY (fee_decision_id, statement_email_id)
);
CREATE INDEX fee_decision_statement_emails_email ON fee_decision_statement_emails (statement_email_id);
