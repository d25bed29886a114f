-- The refresh-cards job redraws a posted card only when what it shows changed: the hash of the view it last drew
-- there, and when it last looked (the stalest are looked at first, a bounded batch per run).
ALTER TABLE chat_messages ADD COLUMN view_hash text, ADD COLUMN view_checked_at timestamptz;
