-- Collections policy as data, first slice: a customer's jurisdiction, credit limit, payment terms and late-fee rule
-- (all optional, from the customers import), custom late-fee rules, and the reference rates statutory interest is
-- computed from. Nothing here charges anything: `arbot fees preview` only proposes. The decisions of later slices
-- (claim in the next email, waive with a reason, export) belong in their own table keyed by (customer_id, invoice_id),
-- recording who decided what on which proposed amounts; invoices and KPIs never hold fees.

-- customers.country exists since 003 (holidays by country; CHECK upper-case two letters): the import now fills it,
-- checked against ISO 3166-1 alpha-2 (src/domain/fees/country.ts), and it names the default late-fee rule.
-- credit_limit_minor/_currency: both or neither. payment_terms: the canonical text ("2/10 net 30") beside its parsed
-- parts, so later slices (discount windows) read numbers, not text. late_fee_rule: NULL = by country; 'none' = opted out.
ALTER TABLE customers
  ADD COLUMN credit_limit_minor    bigint CHECK (credit_limit_minor >= 0),
  ADD COLUMN credit_limit_currency char(3) CHECK (credit_limit_currency ~ '^[A-Z]{3}$'),
  ADD COLUMN payment_terms         text,
  ADD COLUMN payment_net_days      integer CHECK (payment_net_days BETWEEN 0 AND 365),
  ADD COLUMN payment_discount_bp   integer CHECK (payment_discount_bp BETWEEN 1 AND 9999),
  ADD COLUMN payment_discount_days integer CHECK (payment_discount_days >= 0),
  ADD COLUMN late_fee_rule         text CHECK (late_fee_rule ~ '^[a-z][a-z0-9_-]{0,39}$'),
  ADD CONSTRAINT customers_credit_limit_pair CHECK ((credit_limit_minor IS NULL) = (credit_limit_currency IS NULL)),
  ADD CONSTRAINT customers_payment_terms_parsed CHECK ((payment_terms IS NULL) = (payment_net_days IS NULL)),
  ADD CONSTRAINT customers_payment_discount_pair CHECK (
    (payment_discount_bp IS NULL) = (payment_discount_days IS NULL)
    AND (payment_discount_bp IS NULL OR (payment_terms IS NOT NULL AND payment_discount_days < payment_net_days)));

-- Custom late-fee rules (`arbot fees rules load FILE.json`); the built-in eu, fr, de and uk live in code
-- (src/domain/fees/built-in-rules.ts) and cannot be replaced here. definition is the file's JSON, checked again on read.
CREATE TABLE late_fee_rules (
  name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_-]{0,39}$' AND name NOT IN ('none', 'eu', 'fr', 'de', 'uk')),
  definition jsonb NOT NULL,
  loaded_by  text NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);

-- Published reference rates (ECB main refinancing rate, Basiszinssatz, Bank of England base rate): each in force
-- from valid_from until the next row of its series. Loaded by finance (`arbot fees rates load`); never fetched.
CREATE TABLE reference_rates (
  series     text NOT NULL CHECK (series ~ '^[a-z][a-z0-9_]{0,39}$'),
  valid_from date NOT NULL,
  rate_bp    integer NOT NULL CHECK (rate_bp BETWEEN -10000 AND 10000),
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (series, valid_from)
);
