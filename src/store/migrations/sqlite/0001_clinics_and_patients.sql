-- Clinics and their patients. Instants are microseconds since the Unix epoch (UTC); calendar
-- dates are 'YYYY-MM-DD' text, which sorts and compares correctly as text.
CREATE TABLE clinics (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- family_key, given_key and sort_key hold the names folded for search (lower case, accents
-- removed) so prefix searches are index range scans on plain byte order.
CREATE TABLE patients (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  family_name TEXT NOT NULL,
  given_name TEXT NOT NULL,
  family_key TEXT NOT NULL,
  given_key TEXT NOT NULL,
  sort_key TEXT NOT NULL,
  date_of_birth TEXT NOT NULL,
  sex TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  preferred_language TEXT NOT NULL,
  reminder_channel TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  deleted_at BIGINT
);

CREATE INDEX patients_by_sort_key ON patients (sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_family_key ON patients (family_key) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_given_key ON patients (given_key) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_phone ON patients (phone) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_date_of_birth ON patients (date_of_birth) WHERE deleted_at IS NULL;
CREATE INDEX patients_by_clinic ON patients (clinic_id, sort_key, id) WHERE deleted_at IS NULL;

-- Replies to POSTs made with an Idempotency-Key, replayed when the key comes again.
CREATE TABLE idempotent_replies (
  scope TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  location TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
