-- Refusals say why (issue 19/20 gaps in chat decisions).
--
-- A finance approver who refuses a claim of late-payment charges gives a reason: kept on the refused decision,
-- shown on /ar's "Late-payment charges" line and in the audit row. Claims refused before this migration have none,
-- so the rule holds for new refusals only (NOT VALID: the rows already there are not checked).
ALTER TABLE fee_decisions ADD COLUMN refusal_reason text;
ALTER TABLE fee_decisions ADD CONSTRAINT fee_decisions_refusal_reason
  CHECK (status <> 'refused' OR btrim(coalesce(refusal_reason, '')) <> '') NOT VALID;

-- A refused change of bank details says why too. Its reason is the change's decision note (027 already holds the note
-- a decision leaves: "replaced by a later load"), required from now on for a refusal.
ALTER TABLE payment_detail_changes ADD CONSTRAINT payment_detail_changes_refusal_reason
  CHECK (status <> 'refused' OR btrim(coalesce(decision_note, '')) <> '') NOT VALID;
