-- Cadence by history: a later step of an invoice waits a minimum number of business days after the previous email
-- to the customer. Policy data: NULL takes CADENCE_MIN_GAP_DAYS (default 5). The at-risk policy's steps are two to
-- five business days apart by design (D-3, D+1, D+5), so its gap is 2.
ALTER TABLE cadence_policies ADD COLUMN min_gap_days integer CHECK (min_gap_days BETWEEN 0 AND 30);
UPDATE cadence_policies SET min_gap_days = 2 WHERE name = 'at_risk';
