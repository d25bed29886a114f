-- Alerts are posted by priority, then oldest first: one import's flood of informational alerts never holds a
-- dispute back. The priority of each kind is a domain rule (src/domain/alerts.ts alertPriority): every writer
-- passes it. The default is the middle tier, so a writer that forgot it neither jumps the queue nor starves.
ALTER TABLE alerts ADD COLUMN priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3);

-- alertPriority as it stands in this release, copied once for the rows already waiting (later rows get it from
-- their writer; test/integration/alert-priority.test.ts holds every writer to the domain rule).
UPDATE alerts SET priority = CASE kind
    WHEN 'dispute_opened' THEN 1 WHEN 'dispute_sla_breached' THEN 1 WHEN 'email_bounced' THEN 1
    WHEN 'email_failed' THEN 1 WHEN 'email_in_doubt' THEN 1 WHEN 'approval_requested' THEN 1
    WHEN 'approval_reminder' THEN 1
    WHEN 'payment_unmatched' THEN 3 WHEN 'weekly_digest' THEN 3
    ELSE 2 END
  WHERE posted_at IS NULL AND dead_at IS NULL;

-- What the outbox's claim walks: waiting alerts in (priority, id) order, so a claim reads a batch, not the queue.
CREATE INDEX alerts_waiting_priority_idx ON alerts (priority, id) WHERE posted_at IS NULL AND dead_at IS NULL;

-- Each finished import run is looked at once by the alerts job, which raises one finance alert for the run when it
-- left payments unmatched or released allocations. Runs finished before this migration were announced payment by
-- payment: they are marked as looked at.
ALTER TABLE import_runs ADD COLUMN alert_checked_at timestamptz;
UPDATE import_runs SET alert_checked_at = now() WHERE finished_at IS NOT NULL;
CREATE INDEX import_runs_alert_unchecked_idx ON import_runs (id) WHERE alert_checked_at IS NULL;
