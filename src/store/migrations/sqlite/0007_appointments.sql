-- Rooms and appointments (issue 5). No practitioner, room or patient is ever in two occupying
-- appointments (booked or attended) at once. SQLite has no exclusion constraints, so triggers
-- refuse the overlapping row; SQLite runs one writer at a time, so the check cannot race.
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
  CHECK (ends_at > starts_at)
);

CREATE INDEX appointments_by_practitioner ON appointments (practitioner_id, starts_at);
CREATE INDEX appointments_by_room ON appointments (room_id, starts_at);
CREATE INDEX appointments_by_patient ON appointments (patient_id, starts_at);
CREATE INDEX appointments_by_clinic ON appointments (clinic_id, starts_at);

CREATE TRIGGER appointments_no_double_booking_insert
BEFORE INSERT ON appointments
WHEN NEW.status IN ('booked', 'attended')
BEGIN
  SELECT RAISE(ABORT, 'double booking: practitioner, room or patient already booked then')
  WHERE EXISTS (
    SELECT 1 FROM appointments AS a
    WHERE a.status IN ('booked', 'attended')
      AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at
      AND (a.practitioner_id = NEW.practitioner_id OR a.room_id = NEW.room_id
           OR a.patient_id = NEW.patient_id));
END;

CREATE TRIGGER appointments_no_double_booking_update
BEFORE UPDATE OF practitioner_id, room_id, patient_id, starts_at, ends_at, status ON appointments
WHEN NEW.status IN ('booked', 'attended')
BEGIN
  SELECT RAISE(ABORT, 'double booking: practitioner, room or patient already booked then')
  WHERE EXISTS (
    SELECT 1 FROM appointments AS a
    WHERE a.id <> NEW.id AND a.status IN ('booked', 'attended')
      AND a.starts_at < NEW.ends_at AND NEW.starts_at < a.ends_at
      AND (a.practitioner_id = NEW.practitioner_id OR a.room_id = NEW.room_id
           OR a.patient_id = NEW.patient_id));
END;
