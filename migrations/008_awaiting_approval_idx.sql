-- Approvals waiting for a decision are read every 15 minutes (the approval-reminders job) and on each App Home
-- open: a few rows among every reminder email ever sent, found through a small partial index instead of a scan.
CREATE INDEX reminder_emails_awaiting_approval_idx ON reminder_emails (customer_id) WHERE status = 'awaiting_approval';
