-- No appointment lasts longer than a day (planning allows 240 minutes), so a calendar's
-- appointments are found from an index range of starts: those starting up to a day before the
-- period are all that can reach into it. Without this bound, finding what overlaps a day reads
-- every earlier appointment of the clinic.
ALTER TABLE appointments
  ADD CONSTRAINT appointment_within_a_day CHECK (ends_at - starts_at <= 86400000000);
