-- Clinic analytics (issue 15) count the courses a clinic started in a span (a course starts at its
-- first attended session) and sum what each was agreed to cost and how many adverse events each
-- signed chart records. The start is kept on the course, set when a session is marked attended
-- (attendance is final), so the span is one index range; the cost and the events live in JSON
-- documents, which a whole clinic's worth would take long to parse, so they are also kept in
-- columns, written with the document. All three are filled here for what exists.
ALTER TABLE courses ADD COLUMN agreed_cost_minor BIGINT;
ALTER TABLE courses ADD COLUMN agreed_cost_currency TEXT;
UPDATE courses SET
  agreed_cost_minor = (body::json #>> '{cost_estimate,minor_units}')::BIGINT,
  agreed_cost_currency = body::json #>> '{cost_estimate,currency}';

ALTER TABLE session_charts ADD COLUMN adverse_event_count INTEGER NOT NULL DEFAULT 0;
UPDATE session_charts SET
  adverse_event_count = COALESCE(json_array_length(body::json -> 'adverse_events'), 0)
  WHERE json_typeof(body::json -> 'adverse_events') = 'array';

ALTER TABLE courses ADD COLUMN started_at BIGINT;
UPDATE courses SET started_at = (SELECT MIN(a.starts_at) FROM appointments a
                                 WHERE a.course_id = courses.id AND a.status = 'attended');
CREATE INDEX courses_by_clinic_start ON courses (clinic_id, started_at);

-- A course's sessions and their charts' adverse events counted from indexes alone (a chart's row
-- holds its whole document, so reading rows would read every chart).
CREATE INDEX session_charts_events ON session_charts (appointment_id, version, signed_at,
                                                      adverse_event_count);
CREATE INDEX appointments_by_course_status ON appointments (course_id, status, session_number,
                                                            starts_at, id);
