-- What stops collection for long waits for a finance approver: a pause longer than PAUSE_MAX_DAYS or with no end
-- date, a promise to pay more than PROMISE_MAX_DAYS away. Asked by anyone else, it is kept here, pending, and
-- nothing stops (no hold, no promise) until a finance approver approves it; a refusal carries its reason.
CREATE TABLE change_requests (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind              text NOT NULL CHECK (kind IN ('pause', 'promise')),
  invoice_id        bigint NOT NULL REFERENCES invoices (id),
  -- Who asked: their owner row, and their audit label (email) as on every other audit row.
  requested_by_id   bigint NOT NULL REFERENCES owners (id),
  requested_by      text NOT NULL,
  -- Why it needs an approver, as shown on the card ("a pause with no end date").
  limit_reason      text NOT NULL,
  -- A pause: until_date (null: no end date) and its reason in note. A promise: promised_date, amount, note.
  until_date        date,
  promised_date     date,
  amount_minor      bigint CHECK (amount_minor > 0),
  note              text NOT NULL DEFAULT '',
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  decided_by        text,
  decided_at        timestamptz,
  decision_note     text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'promise') = (promised_date IS NOT NULL)),
  CHECK (kind = 'promise' OR amount_minor IS NULL),
  CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL)),
  CHECK (status <> 'refused' OR coalesce(btrim(decision_note), '') <> '')
);
-- One pending request of a kind per invoice: a second one is answered with the first.
CREATE UNIQUE INDEX change_requests_pending_idx ON change_requests (invoice_id, kind) WHERE status = 'pending';
