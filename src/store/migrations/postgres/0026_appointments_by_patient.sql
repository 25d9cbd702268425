-- A patient's appointments by start: every booking and chart signature reads them. The exclusion
-- constraints' indexes (0007) hold only occupying appointments (a partial index), so a query for
-- all of a patient's cannot use them; without this index it read the whole table.
CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at);
