-- Payment-term extensions as policy data (issue 19): by how many days a promise to pay or a pause may push a payment
-- date out without a finance approver, company-wide and per customer segment (`arbot policy terms load FILE.json`;
-- no row: PROMISE_MAX_DAYS and PAUSE_MAX_DAYS from the environment). One row, the file as loaded, checked again by
-- the domain's zod schema when read (src/domain/rights/terms-policy.ts); read at every decision, so a load takes
-- effect at once on every instance.
CREATE TABLE terms_policy (
  id              boolean PRIMARY KEY DEFAULT true CHECK (id),
  policy          jsonb NOT NULL,
  loaded_by       text NOT NULL,
  loaded_at       timestamptz NOT NULL DEFAULT now()
);
