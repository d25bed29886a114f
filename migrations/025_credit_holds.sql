-- Credit limits and holds (issue 19). The limit itself is customers.credit_limit_minor/_currency (migration 021:
-- the customers import fills it; a finance approver may change it from chat, audited as `credit.limit_set`).

-- A credit hold: no new orders for the customer until a finance approver releases it. One row per hold, never
-- deleted: a released hold keeps who released it and when, so the history of a customer's holds stays readable.
-- set_by_id/released_by_id: the owner who acted; set_by/released_by: their audit label (email), as audit_log has it.
CREATE TABLE credit_holds (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id    bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  reason         text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  set_by_id      bigint NOT NULL REFERENCES owners (id),
  set_by         text NOT NULL,
  set_at         timestamptz NOT NULL,
  released_by_id bigint REFERENCES owners (id),
  released_by    text,
  released_at    timestamptz,
  CONSTRAINT credit_holds_release_whole CHECK (
    (released_at IS NULL) = (released_by IS NULL) AND (released_at IS NULL) = (released_by_id IS NULL)),
  CONSTRAINT credit_holds_release_after_set CHECK (released_at IS NULL OR released_at >= set_at)
);
-- At most one hold in force per customer: a second "Put on credit hold" finds the first.
CREATE UNIQUE INDEX credit_holds_one_open ON credit_holds (customer_id) WHERE released_at IS NULL;

-- When each credit alert rule last fired for a customer, so an alert fires once per crossing: `armed` false from
-- the moment it fires until the customer falls back below (open AR under the threshold, or no invoice past the
-- overdue limit), when the alerts job re-arms it. rule: used_80 / used_100 of the limit in `currency`, or overdue
-- (currency 'XXX', ISO 4217's "no currency": the overdue rule looks at every currency). `crossings` numbers the
-- alerts of a rule (the alert's dedupe key ends with it), so a second crossing is a new alert, a retry is not.
CREATE TABLE credit_alert_arms (
  customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  rule        text NOT NULL CHECK (rule IN ('used_80', 'used_100', 'overdue')),
  currency    char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  armed       boolean NOT NULL,
  crossings   integer NOT NULL CHECK (crossings >= 1),
  fired_at    timestamptz NOT NULL,
  PRIMARY KEY (customer_id, rule, currency),
  CONSTRAINT credit_alert_arms_overdue_no_currency CHECK ((rule = 'overdue') = (currency = 'XXX'))
);
