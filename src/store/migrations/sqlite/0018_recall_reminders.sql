-- Recall invitations (issue 13) go through the reminder outbox as reminders of kind 'recall'.
-- SQLite cannot change a CHECK constraint, so the table is rebuilt with the wider one, every row
-- kept as it was (nothing references reminders, so no foreign key is disturbed), and its
-- indexes made again.
CREATE TABLE reminders_with_recalls (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('appointment', 'aftercare', 'recall')),
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
INSERT INTO reminders_with_recalls (id, topic, kind, patient_id, clinic_id, appointment_id,
                                    event_at, channel, recipient, subject, body, due_at, status,
                                    attempts, next_attempt_at, claimed_at, sent_at, last_error,
                                    created_at)
SELECT id, topic, kind, patient_id, clinic_id, appointment_id, event_at, channel, recipient,
       subject, body, due_at, status, attempts, next_attempt_at, claimed_at, sent_at, last_error,
       created_at
FROM reminders;
DROP TABLE reminders;
ALTER TABLE reminders_with_recalls RENAME TO reminders;
CREATE INDEX reminders_due ON reminders (status, next_attempt_at);
CREATE INDEX reminders_by_patient ON reminders (patient_id, due_at);
CREATE INDEX reminders_by_clinic ON reminders (clinic_id, status, due_at);
