-- The reminder outbox (issue 6): each message is composed and stored before it is sent, so a
-- crash loses none, and its id doubles as the idempotency key the receiving server sees. The
-- topic says what a reminder announces; being unique, the same appointment or restriction is
-- never queued twice, whichever server instance notices it first.
CREATE TABLE reminders (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('appointment', 'aftercare')),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  appointment_id TEXT NOT NULL,
  event_at BIGINT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'handed_over', 'sent', 'failed',
                                         'unconfirmed', 'cancelled')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  next_attempt_at BIGINT NOT NULL,
  claimed_at BIGINT,
  sent_at BIGINT,
  last_error TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- The sender's question, asked every few seconds: what is due now?
CREATE INDEX reminders_due ON reminders (status, next_attempt_at);
CREATE INDEX reminders_by_patient ON reminders (patient_id, due_at);
CREATE INDEX reminders_by_clinic ON reminders (clinic_id, status, due_at);
