-- Calendar subscriptions (issue 6): a patient's calendar app fetches their .ics from a URL that
-- holds an unguessable token. Only the token's hash is kept; revoking stops the URL at once.
CREATE TABLE calendar_subscriptions (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at BIGINT
);

CREATE INDEX calendar_subscriptions_by_patient ON calendar_subscriptions (patient_id);
