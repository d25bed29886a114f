-- Payment plans (issue 20): an approver may answer a customer's plan request with other dates ("Propose other
-- dates"). The request is then `proposed`: its plan_instalments are the proposal (what the customer asked for is
-- kept in plan_proposals.requested), and the customer accepts it on the portal (the plan is active, as an approval
-- makes it) or declines it (`declined`, closed; the invoices are free again).

-- The status checks name the two new states; the constraints of 028 had no names, so they are found and replaced.
DO $$
DECLARE c record;
BEGIN
  FOR c IN SELECT conname FROM pg_constraint WHERE conrelid = 'payment_plans'::regclass AND contype = 'c'
           AND pg_get_constraintdef(oid) LIKE '%status%' LOOP
    EXECUTE format('ALTER TABLE payment_plans DROP CONSTRAINT %I', c.conname);
  END LOOP;
END $$;
ALTER TABLE payment_plans
  ADD CONSTRAINT payment_plans_status_check
    CHECK (status IN ('requested', 'proposed', 'active', 'completed', 'broken', 'refused', 'declined', 'cancelled')),
  ADD CONSTRAINT payment_plans_undecided_check
    CHECK (status NOT IN ('requested', 'proposed') OR (started_at IS NULL AND ended_at IS NULL AND approved_by IS NULL)),
  ADD CONSTRAINT payment_plans_started_check
    CHECK (status NOT IN ('active', 'completed', 'broken') OR (started_at IS NOT NULL AND approved_by IS NOT NULL)),
  ADD CONSTRAINT payment_plans_ended_check
    CHECK ((status IN ('completed', 'broken', 'refused', 'declined', 'cancelled')) = (ended_at IS NOT NULL)),
  ADD CONSTRAINT payment_plans_refused_reason_check
    CHECK (status <> 'refused' OR coalesce(btrim(reason), '') <> '');
DROP INDEX payment_plans_open_idx;
CREATE INDEX payment_plans_open_idx ON payment_plans (status) WHERE status IN ('requested', 'proposed', 'active');

-- One proposal per request: who proposed it, their note to the customer, what the customer had asked, and the answer.
CREATE TABLE plan_proposals (
  plan_id         bigint PRIMARY KEY REFERENCES payment_plans (id),
  -- Audit label (email) and name of the approver who proposed the dates.
  proposed_by     text NOT NULL CHECK (proposed_by <> ''),
  proposed_by_name text NOT NULL,
  note            text NOT NULL DEFAULT '',
  proposed_at     timestamptz NOT NULL,
  -- The customer's requested instalments, replaced in plan_instalments by the proposal: [{due_date, amount_minor}].
  requested       jsonb NOT NULL,
  answer          text CHECK (answer IN ('accepted', 'declined')),
  answered_at     timestamptz,
  CHECK ((answer IS NULL) = (answered_at IS NULL))
);

-- The proposal's email goes out once, like the other outcomes of a request.
ALTER TABLE plan_emails DROP CONSTRAINT plan_emails_kind_check;
ALTER TABLE plan_emails ADD CONSTRAINT plan_emails_kind_check
  CHECK (kind IN ('plan_approved', 'plan_refused', 'plan_proposed', 'instalment_due', 'instalment_missed'));
