-- The ledger: who owns what, what is owed, what was paid, what is contested.
-- Money is always integer minor units (bigint) plus an ISO 4217 code; never numeric or float.

CREATE TABLE app_meta (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE owners (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email                 text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
  name                  text NOT NULL DEFAULT '',
  team                  text NOT NULL CHECK (team IN ('sales', 'delivery', 'finance')),
  approver              boolean NOT NULL DEFAULT false,
  slack_user_id         text,
  slack_channel_id      text,
  teams_user_id         text,
  teams_conversation_id text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE customers (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id       text NOT NULL UNIQUE,
  name              text NOT NULL,
  segment           text NOT NULL DEFAULT 'standard' CHECK (segment IN ('top', 'standard', 'at_risk')),
  strategic         boolean NOT NULL DEFAULT false,
  timezone          text NOT NULL,
  billing_emails    text[] NOT NULL CHECK (cardinality(billing_emails) >= 1),
  escalation_email  text,
  sales_owner_id    bigint REFERENCES owners (id),
  delivery_owner_id bigint REFERENCES owners (id),
  locale            text NOT NULL DEFAULT 'en',
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_sales_owner_idx ON customers (sales_owner_id);
CREATE INDEX customers_delivery_owner_idx ON customers (delivery_owner_id);

CREATE TABLE invoices (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id      text NOT NULL UNIQUE,
  number           text NOT NULL UNIQUE,
  customer_id      bigint NOT NULL REFERENCES customers (id),
  issue_date       date NOT NULL,
  due_date         date NOT NULL,
  currency         char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor     bigint NOT NULL CHECK (amount_minor > 0),
  po_number        text,
  client_reference text,
  proof_url        text,
  pay_url          text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (due_date >= issue_date)
);
CREATE INDEX invoices_customer_idx ON invoices (customer_id);
CREATE INDEX invoices_number_upper_idx ON invoices (upper(number));
CREATE INDEX invoices_due_date_idx ON invoices (due_date);
CREATE INDEX invoices_issue_date_idx ON invoices (issue_date);

CREATE TABLE payments (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id    text NOT NULL UNIQUE,
  customer_id    bigint NOT NULL REFERENCES customers (id),
  received_date  date NOT NULL,
  currency       char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor   bigint NOT NULL CHECK (amount_minor > 0),
  reference      text,
  invoice_number text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_customer_idx ON payments (customer_id);
CREATE INDEX payments_received_date_idx ON payments (received_date);

-- How a payment settles invoices. matched_by says which rule (or person) decided it.
CREATE TABLE payment_allocations (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  payment_id   bigint NOT NULL REFERENCES payments (id),
  invoice_id   bigint NOT NULL REFERENCES invoices (id),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  matched_by   text NOT NULL CHECK (matched_by IN ('invoice_number', 'reference', 'amount', 'manual')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (payment_id, invoice_id)
);
CREATE INDEX payment_allocations_invoice_idx ON payment_allocations (invoice_id);

CREATE TABLE credit_notes (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id  text NOT NULL UNIQUE,
  number       text NOT NULL,
  invoice_id   bigint NOT NULL REFERENCES invoices (id),
  issued_date  date NOT NULL,
  currency     char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor bigint NOT NULL CHECK (amount_minor > 0),
  reason       text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_notes_invoice_idx ON credit_notes (invoice_id);

CREATE TABLE disputes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Imported disputes without an id of their own get '<invoice external id>@<opened date>'.
  external_id text NOT NULL UNIQUE,
  invoice_id  bigint NOT NULL REFERENCES invoices (id),
  reason      text NOT NULL DEFAULT '',
  status      text NOT NULL DEFAULT 'to_clarify'
              CHECK (status IN ('to_clarify', 'awaiting_client', 'resolved', 'credit_note_issued')),
  owner_id    bigint REFERENCES owners (id),
  priority    smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
  source      text NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'api', 'chat', 'customer_link', 'demo')),
  opened_at   timestamptz NOT NULL,
  closed_at   timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  -- A dispute is closed exactly when its status is a closing one.
  CHECK ((closed_at IS NULL) = (status IN ('to_clarify', 'awaiting_client'))),
  CHECK (closed_at IS NULL OR closed_at >= opened_at)
);
CREATE INDEX disputes_invoice_idx ON disputes (invoice_id);
CREATE INDEX disputes_open_idx ON disputes (opened_at) WHERE closed_at IS NULL;

CREATE TABLE promises_to_pay (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id    bigint NOT NULL REFERENCES invoices (id),
  promised_date date NOT NULL,
  amount_minor  bigint CHECK (amount_minor > 0),
  note          text NOT NULL DEFAULT '',
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'kept', 'broken', 'cancelled')),
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  resolved_at   timestamptz
);
CREATE INDEX promises_invoice_idx ON promises_to_pay (invoice_id);

-- A pause on reminders for one invoice or for a whole customer.
CREATE TABLE reminder_holds (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id  bigint REFERENCES invoices (id),
  customer_id bigint REFERENCES customers (id),
  until_date  date,
  reason      text NOT NULL DEFAULT '',
  created_by  text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  CHECK ((invoice_id IS NULL) <> (customer_id IS NULL))
);
CREATE INDEX reminder_holds_invoice_idx ON reminder_holds (invoice_id) WHERE released_at IS NULL;
CREATE INDEX reminder_holds_customer_idx ON reminder_holds (customer_id) WHERE released_at IS NULL;

CREATE TABLE import_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source      text NOT NULL,
  actor       text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  summary     jsonb
);

-- Append-only: every change to the ledger and who made it. Rows are never updated or deleted.
CREATE TABLE audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  actor     text NOT NULL,
  action    text NOT NULL,
  entity    text NOT NULL,
  entity_id bigint,
  details   jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
