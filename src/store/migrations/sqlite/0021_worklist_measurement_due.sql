-- A course's outcome time point that passes without a measurement (issue 15) opens a worklist
-- item of kind 'measurement_due'. SQLite cannot change a CHECK constraint, so the table is rebuilt
-- with the wider one, every row kept as it was (nothing references worklist items), and its
-- indexes made again.
CREATE TABLE worklist_items_with_measurements (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  course_id TEXT REFERENCES courses (id),
  kind TEXT NOT NULL CHECK (kind IN ('recall', 'reassess', 'adverse_follow_up',
                                     'reminder_failed', 'measurement_due')),
  source_id TEXT NOT NULL,
  source_key TEXT NOT NULL,
  due_by TEXT NOT NULL,
  detail TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at BIGINT,
  closed_by TEXT,
  closing_note TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (kind, source_id, source_key),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
  CHECK ((closed_at IS NULL) = (closing_note IS NULL))
);
INSERT INTO worklist_items_with_measurements (id, clinic_id, patient_id, course_id, kind,
                                              source_id, source_key, due_by, detail, status,
                                              closed_at, closed_by, closing_note, created_at)
SELECT id, clinic_id, patient_id, course_id, kind, source_id, source_key, due_by, detail, status,
       closed_at, closed_by, closing_note, created_at
FROM worklist_items;
DROP TABLE worklist_items;
ALTER TABLE worklist_items_with_measurements RENAME TO worklist_items;
CREATE INDEX worklist_by_clinic ON worklist_items (clinic_id, status, due_by, id);
CREATE INDEX worklist_by_patient ON worklist_items (patient_id);
