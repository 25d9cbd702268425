-- Consent as data (issue 13): to a course of treatment, to clinical photos, to being contacted.
-- A consent is never edited; its withdrawal is recorded on it, from the time the patient gave,
-- so what a consent allowed at any moment can always be told. A minor's consent names the
-- parent or guardian who gave it.
CREATE TABLE consents (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  kind TEXT NOT NULL CHECK (kind IN ('treatment', 'photos', 'contact')),
  course_id TEXT REFERENCES courses (id),
  method TEXT NOT NULL CHECK (method IN ('signed_form', 'electronic_signature', 'verbal',
                                         'before_consent_records')),
  given_at BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  guardian_name TEXT,
  guardian_relationship TEXT,
  withdrawn_at BIGINT,
  withdrawal_recorded_at BIGINT,
  withdrawal_recorded_by TEXT,
  withdrawal_note TEXT,
  -- a treatment consent is for one course; the others are the patient's
  CHECK ((kind = 'treatment') = (course_id IS NOT NULL)),
  CHECK ((guardian_name IS NULL) = (guardian_relationship IS NULL)),
  CHECK ((withdrawn_at IS NULL) = (withdrawal_recorded_at IS NULL))
);

CREATE INDEX consents_by_patient ON consents (patient_id, kind, given_at);
CREATE UNIQUE INDEX consents_one_per_course ON consents (course_id) WHERE course_id IS NOT NULL;

-- Patients who chose e-mail or SMS reminders before consents were recorded had been asked: their
-- choice stands as a consent to contact, marked as derived so no one mistakes it for a form.
INSERT INTO consents (id, patient_id, kind, course_id, method, given_at, recorded_at,
                      recorded_by)
SELECT 'contact-' || id, id, 'contact', NULL, 'before_consent_records', created_at, created_at,
       'system'
FROM patients
WHERE deleted_at IS NULL AND reminder_channel <> 'none';
