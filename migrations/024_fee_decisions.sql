-- Collections policy, decision slice: an owner or finance decides, per customer, what to do with the late-payment
-- charges `arbot fees preview` proposes (021): claim them in the next reminder email, or waive them with a reason.
-- One row per invoice, holding the proposed amounts as they were when decided (the rule and the legal basis too), so
-- the email, the export and the audit trail say what was decided even after rates or rules change.
-- Nothing here touches invoices or the KPI tables: fees are invoiced by the ERP from `arbot fees export`.
--
-- status:
--   claimed            to be stated in the customer's next reminder email (approved first where needed)
--   awaiting_approval  a claim on a top or strategic account: nothing is claimed until a finance approver approves
--   refused            a finance approver refused that claim (no longer live: the invoice may be decided again)
--   waived             waived, with the reason
--   sent               stated in a reminder email that was sent (email_id, sent_at)
-- Export is a separate axis (exported_at, export_batch): a claimed or sent decision is exported once.
CREATE TABLE fee_decisions (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id        bigint NOT NULL REFERENCES customers (id),
  invoice_id         bigint NOT NULL REFERENCES invoices (id),
  decision           text NOT NULL CHECK (decision IN ('claim', 'waive')),
  status             text NOT NULL CHECK (status IN ('claimed', 'awaiting_approval', 'refused', 'waived', 'sent')),
  compensation_minor bigint NOT NULL CHECK (compensation_minor >= 0),
  interest_minor     bigint NOT NULL CHECK (interest_minor >= 0),
  currency           char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  rule               text NOT NULL CHECK (rule ~ '^[a-z][a-z0-9_-]{0,39}$'),
  legal_basis        text NOT NULL CHECK (btrim(legal_basis) <> ''),
  as_of              date NOT NULL,
  reason             text,
  decided_by_id      bigint NOT NULL REFERENCES owners (id),
  decided_by         text NOT NULL,
  decided_at         timestamptz NOT NULL,
  approved_by        text,
  approved_at        timestamptz,
  refused_by         text,
  refused_at         timestamptz,
  -- The reminder email the claim was last put in (set when the email is claimed for sending), and when it was sent.
  email_id           bigint REFERENCES reminder_emails (id),
  sent_at            timestamptz,
  exported_at        timestamptz,
  export_batch       text,
  CONSTRAINT fee_decisions_waive_reason CHECK (decision <> 'waive' OR btrim(coalesce(reason, '')) <> ''),
  CONSTRAINT fee_decisions_status_fits CHECK (
    (decision = 'waive' AND status = 'waived') OR (decision = 'claim' AND status IN ('claimed', 'awaiting_approval', 'refused', 'sent'))),
  CONSTRAINT fee_decisions_claim_something CHECK (decision <> 'claim' OR compensation_minor + interest_minor > 0),
  CONSTRAINT fee_decisions_approval_pair CHECK ((approved_by IS NULL) = (approved_at IS NULL)),
  CONSTRAINT fee_decisions_refusal CHECK ((status = 'refused') = (refused_by IS NOT NULL AND refused_at IS NOT NULL)),
  CONSTRAINT fee_decisions_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL AND email_id IS NOT NULL)),
  CONSTRAINT fee_decisions_export_pair CHECK ((exported_at IS NULL) = (export_batch IS NULL)),
  CONSTRAINT fee_decisions_export_claims CHECK (exported_at IS NULL OR status IN ('claimed', 'sent'))
);

-- One live decision per invoice: a refused claim is history, anything else stands.
CREATE UNIQUE INDEX fee_decisions_live ON fee_decisions (invoice_id) WHERE status <> 'refused';
CREATE INDEX fee_decisions_customer ON fee_decisions (customer_id, status);
CREATE INDEX fee_decisions_to_export ON fee_decisions (decided_at) WHERE exported_at IS NULL AND status IN ('claimed', 'sent');
