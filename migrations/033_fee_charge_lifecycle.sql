-- Late-payment charges follow the email that states them (issue 19), and the export says what it relied on.
--
-- fee_decisions.status gains `in_doubt`: the claim went out in a reminder email whose send ended in doubt (the
-- provider may or may not have it), so the customer may or may not have been told. It is neither put in another
-- email nor exported until resolved: the provider's late word or a SendGrid delivered/open/click event for that
-- email makes it `sent`; a person decides otherwise (`arbot fees resolve`: told → sent, not told → claimed again).
-- email_id, for a `claimed` charge, is now the email being sent with it (null once that send failed or is retried:
-- the charge goes in the customer's next email); fee_decision_emails keeps every email a charge was put in.
--
-- days_late: the days late the amounts were computed on (the decision's as_of − the due date then), for the export.

ALTER TABLE fee_decisions
  DROP CONSTRAINT fee_decisions_status_check,
  ADD CONSTRAINT fee_decisions_status_check CHECK (status IN ('claimed', 'awaiting_approval', 'refused', 'waived', 'sent', 'in_doubt')),
  DROP CONSTRAINT fee_decisions_status_fits,
  ADD CONSTRAINT fee_decisions_status_fits CHECK (
    (decision = 'waive' AND status = 'waived')
    OR (decision = 'claim' AND status IN ('claimed', 'awaiting_approval', 'refused', 'sent', 'in_doubt'))),
  ADD CONSTRAINT fee_decisions_in_doubt CHECK (status <> 'in_doubt' OR email_id IS NOT NULL),
  -- A claim exported before its email went out stays exported if that email ends in doubt (the ERP has it); the
  -- export itself never takes an in-doubt one (fee-decisions.ts exportable).
  DROP CONSTRAINT fee_decisions_export_claims,
  ADD CONSTRAINT fee_decisions_export_claims CHECK (exported_at IS NULL OR status IN ('claimed', 'sent', 'in_doubt')),
  ADD COLUMN days_late integer CHECK (days_late >= 0),
  -- A person's decision on an in-doubt claim (`arbot fees resolve`): who and when; the audit row says which.
  ADD COLUMN resolved_by text,
  ADD COLUMN resolved_at timestamptz,
  ADD CONSTRAINT fee_decisions_resolved_pair CHECK ((resolved_by IS NULL) = (resolved_at IS NULL));

UPDATE fee_decisions f SET days_late = greatest(0, f.as_of - i.due_date) FROM invoices i WHERE i.id = f.invoice_id;

-- Every reminder email a charge was put in, in order: the link to each attempt survives a failed one.
CREATE TABLE fee_decision_emails (
  fee_decision_id bigint NOT NULL REFERENCES fee_decisions (id),
  email_id        bigint NOT NULL REFERENCES reminder_emails (id),
  included_at     timestamptz NOT NULL,
  PRIMARY KEY (fee_decision_id, email_id)
);
CREATE INDEX fee_decision_emails_email ON fee_decision_emails (email_id);

INSERT INTO fee_decision_emails (fee_decision_id, email_id, included_at)
SELECT f.id, f.email_id, coalesce(f.sent_at, f.decided_at) FROM fee_decisions f WHERE f.email_id IS NOT NULL;

-- Charges left `claimed` by an email that ended before this migration: in doubt with their email, or free again.
UPDATE fee_decisions f SET status = 'in_doubt'
FROM reminder_emails e WHERE e.id = f.email_id AND f.status = 'claimed' AND e.status = 'in_doubt';
UPDATE fee_decisions f SET email_id = NULL
FROM reminder_emails e WHERE e.id = f.email_id AND f.status = 'claimed' AND e.status NOT IN ('sending');

CREATE INDEX fee_decisions_email ON fee_decisions (email_id) WHERE email_id IS NOT NULL;

-- Early-payment discounts withdrawn by an import (audit `payment.discount_released`): the re-grant looks for them per
-- invoice, `arbot check` (discount_not_regranted) over all of them; both without reading every invoice's audit rows.
CREATE INDEX audit_log_discount_released ON audit_log (entity_id) WHERE entity = 'invoice' AND action = 'payment.discount_released';
