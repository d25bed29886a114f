-- Payment plans (issue 20): the remaining amounts of one or more invoices of one customer and currency spread over
-- instalments. Offered by an owner in chat, or requested by the customer on the portal (then it waits for an
-- approver). While a plan is active its invoices get no invoice-date reminders: each instalment gets its own.
CREATE TABLE payment_plans (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id     bigint NOT NULL REFERENCES customers (id),
  currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  status          text NOT NULL CHECK (status IN ('requested', 'active', 'completed', 'broken', 'refused', 'cancelled')),
  origin          text NOT NULL CHECK (origin IN ('owner', 'customer')),
  -- What the invoices owed when the plan was made: the instalments add up to it exactly.
  total_minor     bigint NOT NULL CHECK (total_minor > 0),
  -- Only a finance approver may approve it (its total is above the policy's amount for the currency).
  needs_finance_approver boolean NOT NULL,
  -- Audit labels (emails) as on every audit row; a customer's request: 'customer' plus the portal's label.
  created_by      text NOT NULL,
  approved_by     text,
  approved_at     timestamptz,
  -- A refusal's reason, or what a person noted on a broken plan.
  reason          text,
  -- The plan this one replaces (re-plan after a break).
  replaces_id     bigint REFERENCES payment_plans (id),
  created_at      timestamptz NOT NULL,
  -- When it became active: payments from this instant on count towards the instalments.
  started_at      timestamptz,
  ended_at        timestamptz,
  CHECK (status <> 'requested' OR (started_at IS NULL AND ended_at IS NULL AND approved_by IS NULL)),
  CHECK (status NOT IN ('active', 'completed', 'broken') OR (started_at IS NOT NULL AND approved_by IS NOT NULL)),
  CHECK ((status IN ('completed', 'broken', 'refused', 'cancelled')) = (ended_at IS NOT NULL)),
  CHECK (status <> 'refused' OR coalesce(btrim(reason), '') <> '')
);
CREATE INDEX payment_plans_customer_idx ON payment_plans (customer_id);
CREATE INDEX payment_plans_open_idx ON payment_plans (status) WHERE status IN ('requested', 'active');

CREATE TABLE plan_invoices (
  plan_id         bigint NOT NULL REFERENCES payment_plans (id),
  invoice_id      bigint NOT NULL REFERENCES invoices (id),
  -- What the invoice owed when the plan was made.
  owed_minor      bigint NOT NULL CHECK (owed_minor > 0),
  PRIMARY KEY (plan_id, invoice_id)
);
CREATE INDEX plan_invoices_invoice_idx ON plan_invoices (invoice_id);

CREATE TABLE plan_instalments (
  plan_id         bigint NOT NULL REFERENCES payment_plans (id),
  instalment_no   integer NOT NULL CHECK (instalment_no >= 1),
  due_date        date NOT NULL,
  amount_minor    bigint NOT NULL CHECK (amount_minor > 0),
  PRIMARY KEY (plan_id, instalment_no),
  UNIQUE (plan_id, due_date)
);

-- An invoice is in at most one open plan (requested or active): a second offer is refused, naming the first.
CREATE TABLE plan_open_invoices (
  invoice_id      bigint PRIMARY KEY REFERENCES invoices (id),
  plan_id         bigint NOT NULL REFERENCES payment_plans (id)
);

-- Each plan email (the outcome of a request, an instalment's reminder or follow-up) goes out once at most.
CREATE TABLE plan_emails (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  plan_id         bigint NOT NULL REFERENCES payment_plans (id),
  kind            text NOT NULL CHECK (kind IN ('plan_approved', 'plan_refused', 'instalment_due', 'instalment_missed')),
  -- 0 for the outcome of a request.
  instalment_no   integer NOT NULL CHECK (instalment_no >= 0),
  status          text NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'in_doubt')),
  to_emails       text[] NOT NULL,
  subject         text,
  provider        text,
  provider_message_id text,
  last_error      text,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  UNIQUE (plan_id, kind, instalment_no)
);

-- The bounds (`arbot policy load FILE.json`): one row, the file as loaded (validated by the domain's zod schema).
CREATE TABLE plan_policy (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  policy          jsonb NOT NULL,
  loaded_by       text NOT NULL,
  loaded_at       timestamptz NOT NULL DEFAULT now()
);
