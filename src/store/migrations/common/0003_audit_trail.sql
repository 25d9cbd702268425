-- The audit trail: append-only and hash-chained (see src/audit/audit.h). Rows are never
-- updated or deleted by mesoclinic; `mesoclinic audit verify` finds any that were.
CREATE TABLE audit_entries (
  sequence BIGINT PRIMARY KEY,
  recorded_at BIGINT NOT NULL,
  user_id TEXT NOT NULL,
  username TEXT NOT NULL,
  role TEXT NOT NULL,
  source_address TEXT NOT NULL,
  request_id TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  patient_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  entry_hash TEXT NOT NULL
);

CREATE INDEX audit_by_patient ON audit_entries (patient_id, sequence);
CREATE INDEX audit_by_user ON audit_entries (user_id, sequence);
CREATE INDEX audit_by_time ON audit_entries (recorded_at, sequence);
