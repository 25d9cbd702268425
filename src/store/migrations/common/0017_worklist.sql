-- The worklist (issue 13): follow-ups staff must act on, each linked to its patient (and course,
-- where it concerns one), open until someone closes it with a note. An item comes from a source:
-- a "not now" decision, the chart of a session with an adverse event to follow up, a finished
-- course whose recall window opens, a reminder that could not be delivered. Kind, source and key
-- are unique, so however often the same event is noticed, one item is opened for it.
CREATE TABLE worklist_items (
  id TEXT PRIMARY KEY,
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  course_id TEXT REFERENCES courses (id),
  kind TEXT NOT NULL CHECK (kind IN ('recall', 'reassess', 'adverse_follow_up',
                                     'reminder_failed')),
  source_id TEXT NOT NULL,
  source_key TEXT NOT NULL,
  due_by TEXT NOT NULL,
  detail TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at BIGINT,
  closed_by TEXT,
  closing_note TEXT,
  created_at BIGINT NOT NULL,
  UNIQUE (kind, source_id, source_key),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK ((closed_at IS NULL) = (closed_by IS NULL)),
  CHECK ((closed_at IS NULL) = (closing_note IS NULL))
);

-- Staff's question: what is open at this clinic, due first? Dates are YYYY-MM-DD, so text order
-- is date order.
CREATE INDEX worklist_by_clinic ON worklist_items (clinic_id, status, due_by, id);
CREATE INDEX worklist_by_patient ON worklist_items (patient_id);
