-- Indexes the reports read by (reports bench on the 1M-invoice ledger, `npm run bench -- reports`).

-- Emails sent in a period: the reminders report and `arbot cadence stats` (cadence-stats.ts sentEmailOutcomes), the
-- weekly digest's count. Without it each scanned every email ever sent. Unsent emails have no sent_at.
CREATE INDEX reminder_emails_sent_idx ON reminder_emails (sent_at) WHERE sent_at IS NOT NULL;

-- Approvals decided after a day (the team report's approvals pending at the end of that day, beside
-- reminder_emails_awaiting_approval_idx for those still waiting): the two partial indexes answer its OR together.
CREATE INDEX reminder_emails_decided_idx ON reminder_emails (decided_at) WHERE decision IS NOT NULL;

-- Whether a customer answered an email (the reminders report, cadence stats): one probe per email sent.
CREATE INDEX inbound_replies_email_idx ON inbound_replies (reminder_email_id) WHERE reminder_email_id IS NOT NULL;
