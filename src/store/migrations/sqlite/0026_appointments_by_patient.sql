-- A patient's appointments by start: SQLite has had this index since 0007; PostgreSQL gets it
-- now (see postgres/0026).
CREATE INDEX IF NOT EXISTS appointments_by_patient ON appointments (patient_id, starts_at);
