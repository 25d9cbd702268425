-- Rooms and appointments (issue 5). No practitioner, room or patient is ever in two occupying
-- appointments (booked or attended) at once: exclusion constraints make the database itself
-- refuse the second one, however many servers insert at the same moment. btree_gist is a
-- trusted extension: a database owner may create it.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE rooms (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  name TEXT NOT NULL
);

CREATE TABLE appointments (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  practitioner_id TEXT NOT NULL REFERENCES users (id),
  room_id TEXT NOT NULL REFERENCES rooms (id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL,
  CHECK (ends_at > starts_at),
  CONSTRAINT practitioner_not_double_booked EXCLUDE USING gist
    (practitioner_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (status IN ('booked', 'attended')),
  CONSTRAINT room_not_double_booked EXCLUDE USING gist
    (room_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (status IN ('booked', 'attended')),
  CONSTRAINT patient_not_double_booked EXCLUDE USING gist
    (patient_id WITH =, int8range(starts_at, ends_at) WITH &&)
    WHERE (status IN ('booked', 'attended'))
);

CREATE INDEX appointments_by_clinic ON appointments (clinic_id, starts_at);
