-- Where customers pay and how, per currency (`arbot payment-methods load`), and every change of it. Changed bank
-- details are the classic invoice-fraud lure: a load that changes a currency's details only asks (status pending);
-- a finance approver approves or refuses in chat, and only then are the new details shown to customers. The first
-- details of a currency take effect at once (status applied), audited like everything else.
CREATE TABLE payment_detail_changes (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- As the file holds them, normalized (src/domain/payment-methods/payment-methods-file.ts toPaymentMethodsEntry):
  -- old_details is what was in force when the change was asked, null for a currency's first details.
  old_details     jsonb,
  new_details     jsonb NOT NULL,
  -- The holder or the account changes (not only methods, links or limits): customers are told so, plainly.
  account_changed boolean NOT NULL,
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'approved', 'refused', 'superseded', 'applied')),
  requested_by    text NOT NULL,
  requested_at    timestamptz NOT NULL,
  decided_by      text,
  decided_at      timestamptz,
  decision_note   text,
  CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL)),
  -- Only a currency's first details take effect without an approver.
  CHECK (status <> 'applied' OR old_details IS NULL),
  CHECK (old_details IS NOT NULL OR NOT account_changed)
);
-- One pending change per currency: a new load replaces it (superseded), never stacks a second.
CREATE UNIQUE INDEX payment_detail_changes_pending_idx ON payment_detail_changes (currency) WHERE status = 'pending';

CREATE TABLE payment_details (
  currency           text PRIMARY KEY CHECK (currency ~ '^[A-Z]{3}$'),
  details            jsonb NOT NULL,
  -- The change that put these details in force (applied or approved).
  change_id          bigint NOT NULL REFERENCES payment_detail_changes (id),
  -- When an approved change last moved where the money goes: emails warn customers for BANK_CHANGE_NOTICE_DAYS.
  account_changed_at timestamptz,
  updated_at         timestamptz NOT NULL
);
