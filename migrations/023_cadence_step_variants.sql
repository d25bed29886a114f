-- Cohort tests of reminder wording: a cadence step may try a variant template on a share of its customers. Which
-- customers get it is computed, never stored (src/domain/cadence/variant-assignment.ts: a hash of policy, step and
-- customer), and the template actually used is what reminder_emails.template already records, so the reminders
-- report compares the two. Both columns or neither; the variant is another template than the step's own.
ALTER TABLE cadence_steps
  ADD COLUMN variant_template      text CHECK (variant_template ~ '^[a-z][a-z0-9_]*$'),
  ADD COLUMN variant_share_percent integer CHECK (variant_share_percent BETWEEN 1 AND 99),
  ADD CONSTRAINT cadence_steps_variant_pair CHECK ((variant_template IS NULL) = (variant_share_percent IS NULL)),
  ADD CONSTRAINT cadence_steps_variant_differs CHECK (variant_template <> template);
