-- Session charts, lot use and aftercare (issue 6).
-- Every version of a session's chart. A version is a draft until signed_at is set; a signed
-- version never changes (the store refuses), and a correction is a new signed version with
-- its reason.
CREATE TABLE session_charts (
  appointment_id TEXT NOT NULL REFERENCES appointments (id),
  version BIGINT NOT NULL,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  body TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  signed_at BIGINT,
  signed_by TEXT,
  correction_reason TEXT,
  PRIMARY KEY (appointment_id, version)
);

-- Which lots went into which patient, as the session's current signed chart says: a recalled
-- lot finds its patients with one query on lot_uses_by_lot.
CREATE TABLE lot_uses (
  appointment_id TEXT NOT NULL REFERENCES appointments (id),
  lot_id TEXT NOT NULL REFERENCES lots (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  vials BIGINT NOT NULL CHECK (vials > 0),
  used_at BIGINT NOT NULL,
  PRIMARY KEY (appointment_id, lot_id)
);

CREATE INDEX lot_uses_by_lot ON lot_uses (lot_id, patient_id);

-- The aftercare plan issued when a session was signed (end times as instants; the API shows
-- them in the clinic's time).
CREATE TABLE aftercare_plans (
  appointment_id TEXT PRIMARY KEY REFERENCES appointments (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  issued_at BIGINT NOT NULL,
  body TEXT NOT NULL
);
