-- Clinic calendars, stock and courses (issue 5).
-- A clinic's settings documents: "calendar" (opening hours, closures, healing period) and
-- "schedule:<user id>" (a practitioner's working week and absences there). The API validates
-- them; they are read whole when a course is planned.
CREATE TABLE clinic_settings (
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  name TEXT NOT NULL,
  body TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, name)
);

-- Room names are unique within a clinic (the API answers 409 for a second "Room 1").
CREATE UNIQUE INDEX rooms_by_name ON rooms (clinic_id, name);

-- The planner reads every clinic's appointments in a span: practitioners and patients may be
-- booked at another site of the group.
CREATE INDEX appointments_by_start ON appointments (starts_at);

-- What the clinic buys: a vial of a formulation.
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  formulation_id TEXT NOT NULL REFERENCES formulations (id),
  vial_ml DOUBLE PRECISION NOT NULL CHECK (vial_ml > 0),
  created_at BIGINT NOT NULL
);

-- Stock on one site's shelf, by manufacturer's lot number. The database keeps the count from
-- going below zero whatever the application does.
CREATE TABLE lots (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  number TEXT NOT NULL,
  expires_on TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  received_at BIGINT NOT NULL,
  recalled_at BIGINT,
  UNIQUE (clinic_id, product_id, number)
);

-- A course the patient agreed to. The body keeps the protocol as agreed, the preferences,
-- the cost estimate with any discount, and the agreement itself.
CREATE TABLE courses (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  protocol_id TEXT NOT NULL REFERENCES protocols (id),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  body TEXT NOT NULL
);

CREATE INDEX courses_by_patient ON courses (patient_id, created_at);

-- A course's sessions are appointments that name it; `note` says why one was missed or
-- cancelled.
ALTER TABLE appointments ADD COLUMN course_id TEXT REFERENCES courses (id);
ALTER TABLE appointments ADD COLUMN session_number INTEGER;
ALTER TABLE appointments ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE INDEX appointments_by_course ON appointments (course_id, session_number);
