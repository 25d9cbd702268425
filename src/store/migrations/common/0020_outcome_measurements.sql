-- Outcomes (issue 15): measurements of a course taken at named time points (baseline, mid-course,
-- end of course, 3, 6 and 12 months after, maintenance), per zone or for the whole scalp, each
-- with its unit, method and who measured. Recorded once and never edited, so a course's progress
-- can always be told from what was measured then. Erased with the patient.
CREATE TABLE outcome_measurements (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  course_id TEXT NOT NULL REFERENCES courses (id),
  session_id TEXT REFERENCES appointments (id),
  time_point TEXT NOT NULL CHECK (time_point IN ('baseline', 'mid_course', 'end_of_course',
                                                 'month_3', 'month_6', 'month_12',
                                                 'maintenance')),
  measure TEXT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  zone TEXT,
  method TEXT NOT NULL,
  measured_at BIGINT NOT NULL,
  measured_by TEXT NOT NULL,
  -- the order within its visit, so a visit reads back as it was written down
  visit_order INTEGER NOT NULL
);

-- A course's outcomes are read whole, in the order they were measured.
CREATE INDEX outcome_measurements_by_course ON outcome_measurements (course_id, measured_at, visit_order);
CREATE INDEX outcome_measurements_by_patient ON outcome_measurements (patient_id);
