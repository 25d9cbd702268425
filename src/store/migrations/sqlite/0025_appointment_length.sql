-- No appointment lasts longer than a day (planning allows 240 minutes), so what overlaps a
-- period is found from an index range of starts: only appointments starting up to a day before
-- it can reach into it. Without this bound, finding what overlaps a day, and the double-booking
-- check of every new appointment, read every earlier appointment of the clinic. SQLite cannot
-- add a CHECK to a table: triggers refuse a longer one. The double-booking triggers of 0007 are
-- made again with the bound, one EXISTS per person or room: with the three in one OR, SQLite
-- searched each index by its id alone (every appointment of that practitioner and that room).
CREATE TRIGGER appointments_within_a_day_insert
BEFORE INSERT ON appointments
WHEN NEW.ends_at - NEW.starts_at > 86400000000
BEGIN
  SELECT RAISE(ABORT, 'an appointment lasts at most a day');
END;

CREATE TRIGGER appointments_within_a_day_update
BEFORE UPDATE OF starts_at, ends_at ON appointments
WHEN NEW.ends_at - NEW.starts_at > 86400000000
BEGIN
  SELECT RAISE(ABORT, 'an appointment lasts at most a day');
END;

DROP TRIGGER appointments_no_double_booking_insert;
DROP TRIGGER appointments_no_double_booking_update;

CREATE TRIGGER appointments_no_double_booking_insert
BEFORE INSERT ON appointments
WHEN NEW.status IN ('booked', 'attended')
BEGIN
  SELECT RAISE(ABORT, 'double booking: practitioner, room or patient already booked then')
  WHERE EXISTS (SELECT 1 FROM appointments AS a
                WHERE a.practitioner_id = NEW.practitioner_id
                  AND a.starts_at < NEW.ends_at AND a.starts_at > NEW.starts_at - 86400000000
                  AND a.ends_at > NEW.starts_at AND a.status IN ('booked', 'attended'))
     OR EXISTS (SELECT 1 FROM appointments AS a
                WHERE a.room_id = NEW.room_id
                  AND a.starts_at < NEW.ends_at AND a.starts_at > NEW.starts_at - 86400000000
                  AND a.ends_at > NEW.starts_at AND a.status IN ('booked', 'attended'))
     OR EXISTS (SELECT 1 FROM appointments AS a
                WHERE a.patient_id = NEW.patient_id
                  AND a.starts_at < NEW.ends_at AND a.starts_at > NEW.starts_at - 86400000000
                  AND a.ends_at > NEW.starts_at AND a.status IN ('booked', 'attended'));
END;

CREATE TRIGGER appointments_no_double_booking_update
BEFORE UPDATE OF practitioner_id, room_id, patient_id, starts_at, ends_at, status ON appointments
WHEN NEW.status IN ('booked', 'attended')
BEGIN
  SELECT RAISE(ABORT, 'double booking: practitioner, room or patient already booked then')
  WHERE EXISTS (SELECT 1 FROM appointments AS a
                WHERE a.practitioner_id = NEW.practitioner_id AND a.id <> NEW.id
                  AND a.starts_at < NEW.ends_at AND a.starts_at > NEW.starts_at - 86400000000
                  AND a.ends_at > NEW.starts_at AND a.status IN ('booked', 'attended'))
     OR EXISTS (SELECT 1 FROM appointments AS a
                WHERE a.room_id = NEW.room_id AND a.id <> NEW.id
                  AND a.starts_at < NEW.ends_at AND a.starts_at > NEW.starts_at - 86400000000
                  AND a.ends_at > NEW.starts_at AND a.status IN ('booked', 'attended'))
     OR EXISTS (SELECT 1 FROM appointments AS a
                WHERE a.patient_id = NEW.patient_id AND a.id <> NEW.id
                  AND a.starts_at < NEW.ends_at AND a.starts_at > NEW.starts_at - 86400000000
                  AND a.ends_at > NEW.starts_at AND a.status IN ('booked', 'attended'));
END;
