-- Clinic settings (calendar, schedules, contact, aftercare rules) carry a version, so that a
-- change names the version it was made from (If-Match) and two admins editing the same
-- calendar cannot overwrite each other unnoticed. Settings saved before this are version 1.
ALTER TABLE clinic_settings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
