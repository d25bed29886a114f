-- The customer email cadence: policies as data, exactly-once reminders, email tracking, alerts for people.

CREATE TABLE cadence_policies (
  name        text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_]*$'),
  description text NOT NULL DEFAULT '',
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE cadence_steps (
  policy            text NOT NULL REFERENCES cadence_policies (name) ON DELETE CASCADE,
  key               text NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]*$'),
  offset_days       integer NOT NULL CHECK (offset_days BETWEEN -90 AND 365),
  template          text NOT NULL,
  cc_escalation     boolean NOT NULL DEFAULT false,
  requires_approval boolean NOT NULL DEFAULT false,
  PRIMARY KEY (policy, key),
  UNIQUE (policy, offset_days)
);

INSERT INTO cadence_policies (name, description) VALUES
  ('standard', 'Automated: D-7 upcoming, D+3 overdue, D+10 escalation (cc client escalation contact), D+20 final notice'),
  ('top', 'Top accounts, strategic customers and large invoices: as standard, but D+10 and D+20 wait for an owner''s approval'),
  ('at_risk', 'Tighter cadence for at-risk customers: D-10, D-3, D+1, D+5, D+10, D+15 final notice');

INSERT INTO cadence_steps (policy, key, offset_days, template, cc_escalation, requires_approval) VALUES
  ('standard', 'upcoming', -7, 'upcoming', false, false),
  ('standard', 'overdue', 3, 'overdue', false, false),
  ('standard', 'escalation', 10, 'escalation', true, false),
  ('standard', 'final_notice', 20, 'final_notice', true, false),
  ('top', 'upcoming', -7, 'upcoming', false, false),
  ('top', 'overdue', 3, 'overdue', false, false),
  ('top', 'escalation', 10, 'escalation', true, true),
  ('top', 'final_notice', 20, 'final_notice', true, true),
  ('at_risk', 'early_notice', -10, 'upcoming', false, false),
  ('at_risk', 'upcoming', -3, 'upcoming', false, false),
  ('at_risk', 'overdue', 1, 'overdue', false, false),
  ('at_risk', 'overdue_followup', 5, 'overdue', false, false),
  ('at_risk', 'escalation', 10, 'escalation', true, false),
  ('at_risk', 'final_notice', 15, 'final_notice', true, false);

-- Days no reminder goes out: company-wide ('*') or for customers of one country.
CREATE TABLE holidays (
  day     date NOT NULL,
  country text NOT NULL DEFAULT '*',
  name    text NOT NULL DEFAULT '',
  PRIMARY KEY (day, country)
);

ALTER TABLE customers ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$');

-- One email to one customer for one step, listing every invoice of that customer at that step.
CREATE TABLE reminder_emails (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id         bigint NOT NULL REFERENCES customers (id),
  policy              text NOT NULL,
  step_key            text NOT NULL,
  template            text NOT NULL,
  status              text NOT NULL CHECK (status IN
                        ('awaiting_approval', 'queued', 'sending', 'sent', 'failed', 'in_doubt', 'cancelled')),
  scheduled_for       timestamptz NOT NULL,
  to_emails           text[] NOT NULL,
  cc_emails           text[] NOT NULL DEFAULT '{}',
  reply_to            text,
  subject             text,
  attempts            integer NOT NULL DEFAULT 0,
  next_attempt_at     timestamptz,
  sending_started_at  timestamptz,
  sent_at             timestamptz,
  provider            text,
  provider_message_id text,
  last_error          text,
  decided_by          text,
  decided_at          timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reminder_emails_queue_idx ON reminder_emails (next_attempt_at) WHERE status = 'queued';
CREATE INDEX reminder_emails_sending_idx ON reminder_emails (sending_started_at) WHERE status = 'sending';
CREATE INDEX reminder_emails_customer_idx ON reminder_emails (customer_id);
CREATE INDEX reminder_emails_message_idx ON reminder_emails (provider_message_id);

-- The exactly-once key: each (invoice, step) is claimed by one email at most, ever.
CREATE TABLE reminders (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id       bigint NOT NULL REFERENCES invoices (id),
  step_key         text NOT NULL,
  policy           text NOT NULL,
  email_id         bigint NOT NULL REFERENCES reminder_emails (id),
  amount_due_minor bigint NOT NULL CHECK (amount_due_minor > 0),
  currency         char(3) NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (invoice_id, step_key)
);
CREATE INDEX reminders_email_idx ON reminders (email_id);

-- SendGrid events, once each (sg_event_id), tied to our email by the custom arg arbot_email_id.
CREATE TABLE email_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sg_event_id text NOT NULL UNIQUE,
  email_id    bigint REFERENCES reminder_emails (id),
  event       text NOT NULL,
  recipient   text,
  occurred_at timestamptz NOT NULL,
  reason      text,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX email_events_email_idx ON email_events (email_id, event);

-- Contacts known to bounce; no reminder goes to a customer whose billing contacts all bounce.
CREATE TABLE email_suppressions (
  email      text PRIMARY KEY,
  reason     text NOT NULL,
  event      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  cleared_at timestamptz
);

-- Things a person must see, posted to chat by the chat adapters. dedupe_key makes raising an alert idempotent.
CREATE TABLE alerts (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL,
  dedupe_key  text NOT NULL UNIQUE,
  customer_id bigint REFERENCES customers (id),
  invoice_id  bigint REFERENCES invoices (id),
  dispute_id  bigint REFERENCES disputes (id),
  email_id    bigint REFERENCES reminder_emails (id),
  details     jsonb NOT NULL DEFAULT '{}'::jsonb,
  raised_at   timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  posted_at   timestamptz
);
CREATE INDEX alerts_unposted_idx ON alerts (created_at) WHERE posted_at IS NULL;

-- Each scheduled job runs once per slot across every instance; a restart catches up from the last slot.
CREATE TABLE job_runs (
  name        text NOT NULL,
  slot        text NOT NULL,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  status      text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  detail      jsonb,
  PRIMARY KEY (name, slot)
);

-- Promises are kept, broken or cancelled once; a broken one resumes the cadence and is flagged.
CREATE INDEX promises_active_idx ON promises_to_pay (invoice_id) WHERE status = 'active';
