-- Re-sync keeps what people decided. The ERP owns the dispute fields it sends; chat and the dispute page own what
-- they change. A re-imported dispute changes a field only when the ERP's own value for it changed since the
-- previous import of that row, so these columns keep the values of the last import (NULL for disputes opened in
-- chat or on the dispute page, which no import has sent yet). Status and closed date move together: they are one
-- fact ("open", or "closed on D as resolved/credit note issued") and a CHECK ties them.
ALTER TABLE disputes
  ADD COLUMN erp_invoice_id bigint,
  ADD COLUMN erp_reason     text,
  ADD COLUMN erp_status     text,
  ADD COLUMN erp_opened_at  timestamptz,
  ADD COLUMN erp_closed_at  timestamptz,
  -- True once an import has sent this row (erp_closed_at NULL is a value: "open in the ERP").
  ADD COLUMN erp_seen       boolean NOT NULL DEFAULT false;

-- Rows imported before this migration: their current values are the best record of what the ERP last sent.
UPDATE disputes SET erp_invoice_id = invoice_id, erp_reason = reason, erp_status = status,
                    erp_opened_at = opened_at, erp_closed_at = closed_at, erp_seen = true
WHERE source IN ('import', 'api', 'demo');
