-- Scale data: a clinic of realistic shape for the benchmarks, one script for both engines
-- (bench/scale/load.sh puts in @PATIENTS@, @NOW@ and @FIRST_MONDAY@, in microseconds since the
-- epoch). It needs the demo loaded with its staff first (`mesoclinic demo --staff`): the
-- records, decision, course, chart and aftercare plan of one of the demo's courses, made through
-- the real flow, are the templates every scale patient's are copied from, so the server reads
-- them as it reads its own (the aftercare plans keep the template's dates).
--
-- Into the template's clinic: 20 bench practitioners (working the template practitioner's
-- hours) with a room and a lot each (lanes), every weekday from 09:00 to 19:00. Per patient: a
-- medical history, a hair assessment and a suitable decision at a consultation, then one course
-- of 8 sessions two weeks apart with its treatment consent. A lane begins a course every 5.5
-- working hours, so 100,000 patients span about 10.5 years up to this week, with 900,000
-- appointments, about 330 a working day. Sessions before the last 42 days were attended (1 in
-- 20 missed; 1 course in 10 left after its 4th session, the rest cancelled): each has a signed
-- chart using one vial of its lane's lot (1 in 13 with an adverse event), the lot use and the
-- aftercare plan. Sessions begun in the last 42 days are charted but not signed yet (what the
-- load benchmark signs; a real clinic signs the same day); later ones are booked. The 1st and
-- 8th sessions carry baseline and end-of-course density and diameter in three zones. Each lot's
-- stock is what its uses left of 100,000,000 vials. The audit trail comes from
-- bench/scale/audit_history.cc (the chain is hashed in C++).

CREATE TABLE bench_template AS
SELECT a.clinic_id, a.patient_id, c.id AS course_id, c.protocol_id, c.body AS course_body,
       c.agreed_cost_minor, c.agreed_cost_currency, s.body AS chart_body, u.lot_id, u.vials,
       l.product_id, l.number AS lot_number, l.expires_on, p.body AS aftercare_body,
       d.body AS decision_body, d.rule_set_version
FROM session_charts s
JOIN appointments a ON a.id = s.appointment_id
JOIN courses c ON c.id = a.course_id
JOIN lot_uses u ON u.appointment_id = a.id
JOIN lots l ON l.id = u.lot_id
JOIN aftercare_plans p ON p.appointment_id = a.id
JOIN suitability_decisions d ON d.patient_id = a.patient_id
WHERE s.signed_at IS NOT NULL AND s.body LIKE '%"adverse_events":[]%'
  AND d.body LIKE '%"outcome":"suitable"%'
  AND d.body LIKE '%"hair_assessment_version":1,%' AND d.body LIKE '%"medical_history_version":1,%'
  AND (SELECT COUNT(*) FROM lot_uses x WHERE x.appointment_id = a.id) = 1
  AND (SELECT COUNT(*) FROM suitability_decisions x WHERE x.patient_id = a.patient_id) = 1
ORDER BY a.id
LIMIT 1;

-- Ids are canonical UUIDs as the API expects, the kind in the first group and the patient's
-- number in decimal digits in the last: b0000001 patients, 2 courses, 3 appointments (session
-- number in the fourth group), 4 decisions, 5 consents, 6 measurements, 7 practitioners,
-- 8 rooms, 9 lots.
CREATE TABLE bench_lanes AS
WITH RECURSIVE lane(l) AS (SELECT 0 UNION ALL SELECT l + 1 FROM lane WHERE l < 19)
SELECT l, CAST(l AS TEXT) AS t,
       SUBSTR('000000000000' || CAST(l AS TEXT), LENGTH(CAST(l AS TEXT)) + 1) AS p12
FROM lane;

INSERT INTO users (id, username, role, password_hash, created_at)
SELECT 'b0000007-0000-7000-8000-' || p12, 'bench.dr.' || t, 'practitioner', '!', @NOW@
FROM bench_lanes;

INSERT INTO user_clinics (user_id, clinic_id)
SELECT 'b0000007-0000-7000-8000-' || p12, (SELECT clinic_id FROM bench_template) FROM bench_lanes;

INSERT INTO clinic_settings (clinic_id, name, body, updated_at)
SELECT (SELECT clinic_id FROM bench_template), 'schedule:b0000007-0000-7000-8000-' || p12,
       (SELECT body FROM clinic_settings
        WHERE clinic_id = (SELECT clinic_id FROM bench_template) AND name LIKE 'schedule:%'
        ORDER BY name LIMIT 1),
       @NOW@
FROM bench_lanes;

INSERT INTO rooms (id, clinic_id, name)
SELECT 'b0000008-0000-7000-8000-' || p12, (SELECT clinic_id FROM bench_template), 'Bench room ' || t
FROM bench_lanes;

INSERT INTO lots (id, product_id, clinic_id, number, expires_on, quantity, received_at)
SELECT 'b0000009-0000-7000-8000-' || p12, (SELECT product_id FROM bench_template),
       (SELECT clinic_id FROM bench_template), 'BENCH-' || p12, '2099-12-31', 100000000, @NOW@
FROM bench_lanes;

-- Names as common as the demo's, 40 x 40 of them, so a search finds what it would at a desk.
CREATE TABLE bench_family_names (i INTEGER, name TEXT);
INSERT INTO bench_family_names (i, name)
  VALUES (0, 'Smith'), (1, 'Jones'), (2, 'Taylor'), (3, 'Brown'), (4, 'Williams'), (5, 'Wilson'),
         (6, 'Johnson'), (7, 'Davies'), (8, 'Patel'), (9, 'Wright'), (10, 'Walker'),
         (11, 'Robinson'), (12, 'Thompson'), (13, 'White'), (14, 'Hughes'), (15, 'Edwards'),
         (16, 'Green'), (17, 'Hall'), (18, 'Wood'), (19, 'Harris'), (20, 'Yilmaz'), (21, 'Kaya'),
         (22, 'Demir'), (23, 'Sahin'), (24, 'Celik'), (25, 'Yildiz'), (26, 'Yildirim'),
         (27, 'Ozturk'), (28, 'Aydin'), (29, 'Ozdemir'), (30, 'Arslan'), (31, 'Dogan'),
         (32, 'Kilic'), (33, 'Aslan'), (34, 'Cetin'), (35, 'Kara'), (36, 'Koc'), (37, 'Kurt'),
         (38, 'Ozkan'), (39, 'Simsek');
CREATE TABLE bench_given_names (i INTEGER, name TEXT);
INSERT INTO bench_given_names (i, name)
  VALUES (0, 'Oliver'), (1, 'George'), (2, 'Harry'), (3, 'Jack'), (4, 'Noah'), (5, 'Leo'),
         (6, 'Arthur'), (7, 'Oscar'), (8, 'Amelia'), (9, 'Olivia'), (10, 'Isla'), (11, 'Ava'),
         (12, 'Mia'), (13, 'Ivy'), (14, 'Lily'), (15, 'Grace'), (16, 'Sophie'), (17, 'Emily'),
         (18, 'Ayse'), (19, 'Fatma'), (20, 'Emine'), (21, 'Hatice'), (22, 'Zeynep'), (23, 'Elif'),
         (24, 'Merve'), (25, 'Derya'), (26, 'Mehmet'), (27, 'Mustafa'), (28, 'Ahmet'),
         (29, 'Ali'), (30, 'Huseyin'), (31, 'Hasan'), (32, 'Ibrahim'), (33, 'Ismail'),
         (34, 'Burak'), (35, 'Emre'), (36, 'Can'), (37, 'Deniz'), (38, 'Selin'), (39, 'Ece');

CREATE TABLE bench_courses AS
WITH RECURSIVE n(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM n WHERE n < @PATIENTS@ - 1),
numbered AS (
  SELECT n, n % 20 AS lane, n / 20 AS s, CAST(n AS TEXT) AS t,
         SUBSTR('000000000000' || CAST(n AS TEXT), LENGTH(CAST(n AS TEXT)) + 1) AS p12
  FROM n)
SELECT c.n, c.lane, c.s, c.t, c.p12, l.p12 AS lane12,
       'b0000001-0000-7000-8000-' || c.p12 AS patient_id,
       'b0000002-0000-7000-8000-' || c.p12 AS course_id,
       'b0000007-0000-7000-8000-' || l.p12 AS practitioner_id,
       'b0000008-0000-7000-8000-' || l.p12 AS room_id,
       'b0000009-0000-7000-8000-' || l.p12 AS lot_id
FROM numbered c JOIN bench_lanes l ON l.l = c.lane;

-- Session k (0 the consultation) of course s in a lane takes its half-hour slot q = 11 s + 200 k
-- of the lane's working week (100 slots: Monday to Friday, 09:00 to 19:00 UTC, from
-- @FIRST_MONDAY@ on): two weeks apart, and 11 s + 200 k = 11 s' + 200 k' has no solution with
-- 0 < |k - k'| < 11, so no two slots of a lane meet.
CREATE TABLE bench_sessions AS
WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k < 8),
slotted AS (
  SELECT c.*, k.k AS number, c.s * 11 + k.k * 200 AS q,
         'b0000003-0000-7000-800' || CAST(k.k AS TEXT) || '-' || c.p12 AS appointment_id
  FROM bench_courses c CROSS JOIN k),
placed AS (
  SELECT slotted.*,
         @FIRST_MONDAY@ + (q / 100) * CAST(604800000000 AS BIGINT)
           + ((q % 100) / 20) * CAST(86400000000 AS BIGINT) + (q % 20) * CAST(1800000000 AS BIGINT)
           AS starts_at
  FROM slotted)
SELECT placed.*,
       CASE WHEN number = 0 THEN 'attended'
            WHEN n % 10 = 3 AND number > 4 THEN 'cancelled'
            WHEN starts_at >= @NOW@ - CAST(42 AS BIGINT) * 86400000000 THEN 'booked'
            WHEN (n * 7 + number) % 20 = 0 AND number > 1 THEN 'missed'
            ELSE 'attended' END AS status
FROM placed;

-- When each patient came first (the consultation) and began the course.
CREATE TABLE bench_visits AS
SELECT c.n, c0.starts_at AS registered, c1.starts_at AS started
FROM bench_courses c
JOIN bench_sessions c0 ON c0.n = c.n AND c0.number = 0
JOIN bench_sessions c1 ON c1.n = c.n AND c1.number = 1;

INSERT INTO patients (id, clinic_id, family_name, given_name, family_key, given_key, sort_key,
                      date_of_birth, sex, phone, email, preferred_language, reminder_channel,
                      created_at, updated_at, version, deleted_at)
SELECT c.patient_id, (SELECT clinic_id FROM bench_template), f.name, g.name, LOWER(f.name),
       LOWER(g.name), LOWER(f.name) || ' ' || LOWER(g.name), '1980-01-01', 'female', NULL, NULL,
       'en', 'none', v.registered, v.registered, 1, NULL
FROM bench_courses c
JOIN bench_visits v ON v.n = c.n
JOIN bench_family_names f ON f.i = c.n % 40
JOIN bench_given_names g ON g.i = (c.n / 40) % 40;

INSERT INTO clinical_records (patient_id, kind, version, recorded_at, recorded_by, body)
SELECT c.patient_id, r.kind, 1, v.registered, c.practitioner_id, r.body
FROM bench_courses c
JOIN bench_visits v ON v.n = c.n
CROSS JOIN (SELECT kind, body FROM clinical_records
            WHERE patient_id = (SELECT patient_id FROM bench_template) AND version = 1) r;

INSERT INTO suitability_decisions (id, patient_id, decided_at, decided_by, rule_set_version, body)
SELECT 'b0000004-0000-7000-8000-' || c.p12, c.patient_id, v.registered, c.practitioner_id,
       (SELECT rule_set_version FROM bench_template), (SELECT decision_body FROM bench_template)
FROM bench_courses c
JOIN bench_visits v ON v.n = c.n;

-- A course starts at its first session, which is never missed or cancelled here.
INSERT INTO courses (id, clinic_id, patient_id, protocol_id, created_at, created_by, body,
                     agreed_cost_minor, agreed_cost_currency, started_at)
SELECT c.course_id, t.clinic_id, c.patient_id, t.protocol_id, v.registered, c.practitioner_id,
       t.course_body, t.agreed_cost_minor, t.agreed_cost_currency,
       CASE WHEN v.started < @NOW@ THEN v.started END
FROM bench_courses c
JOIN bench_visits v ON v.n = c.n
CROSS JOIN bench_template t;

INSERT INTO consents (id, patient_id, kind, course_id, method, given_at, recorded_at, recorded_by)
SELECT 'b0000005-0000-7000-8000-' || c.p12, c.patient_id, 'treatment', c.course_id,
       'signed_form', v.registered, v.registered, c.practitioner_id
FROM bench_courses c
JOIN bench_visits v ON v.n = c.n;

INSERT INTO appointments (id, clinic_id, patient_id, practitioner_id, room_id, starts_at, ends_at,
                          status, course_id, session_number, note)
SELECT appointment_id, (SELECT clinic_id FROM bench_template), patient_id, practitioner_id,
       room_id, starts_at, starts_at + CAST(1800000000 AS BIGINT), status,
       CASE WHEN number > 0 THEN course_id END, number, ''
FROM bench_sessions
ORDER BY starts_at DESC;

-- The template chart with the lane's lot in place of the template's.
CREATE TABLE bench_charts AS
SELECT s.*, s.starts_at + CAST(1800000000 AS BIGINT) AS ends_at,
       REPLACE(REPLACE(REPLACE(t.chart_body, t.lot_id, s.lot_id),
                       '"number":"' || t.lot_number || '"', '"number":"BENCH-' || s.lane12 || '"'),
               '"expires_on":"' || t.expires_on || '"', '"expires_on":"2099-12-31"') AS body,
       CASE WHEN s.status = 'attended' AND (s.n + s.number) % 13 = 0 THEN 1 ELSE 0 END AS events
FROM bench_sessions s CROSS JOIN bench_template t
WHERE s.number > 0 AND (s.status = 'attended' OR (s.status = 'booked' AND s.starts_at < @NOW@));

INSERT INTO session_charts (appointment_id, version, patient_id, body, recorded_at, recorded_by,
                            signed_at, signed_by, correction_reason, adverse_event_count)
SELECT appointment_id, 1, patient_id,
       CASE WHEN events = 1
            THEN REPLACE(body, '"adverse_events":[]',
                         '"adverse_events":[{"action_taken":"Firm pressure for a minute.",'
                         || '"follow_up_on":null,"kind":"pinpoint bleeding","severity":"mild"}]')
            ELSE body END,
       ends_at, practitioner_id,
       CASE WHEN status = 'attended' THEN ends_at END,
       CASE WHEN status = 'attended' THEN practitioner_id END, NULL, events
FROM bench_charts;

INSERT INTO lot_uses (appointment_id, lot_id, patient_id, vials, used_at)
SELECT c.appointment_id, c.lot_id, c.patient_id, t.vials, c.ends_at
FROM bench_charts c CROSS JOIN bench_template t
WHERE c.status = 'attended';

INSERT INTO aftercare_plans (appointment_id, patient_id, issued_at, body)
SELECT c.appointment_id, c.patient_id, c.ends_at, t.aftercare_body
FROM bench_charts c CROSS JOIN bench_template t
WHERE c.status = 'attended';

UPDATE lots SET quantity = quantity - (SELECT COALESCE(SUM(u.vials), 0) FROM lot_uses u
                                       WHERE u.lot_id = lots.id)
WHERE id LIKE 'b0000009-%';

INSERT INTO outcome_measurements (id, patient_id, course_id, session_id, time_point, measure,
                                  value, unit, zone, method, measured_at, measured_by,
                                  visit_order)
WITH zones(name, i) AS (SELECT 'vertex', 0 UNION ALL SELECT 'frontal', 1 UNION ALL
                        SELECT 'mid_scalp', 2),
measure(m, unit, j) AS (SELECT 'hair_density', 'hairs/cm2', 0 UNION ALL
                        SELECT 'mean_shaft_diameter', 'um', 1)
SELECT 'b0000006-000' || CAST(s.number AS TEXT) || '-700' || CAST(zones.i AS TEXT) || '-800' ||
           CAST(measure.j AS TEXT) || '-' || s.p12,
       s.patient_id, s.course_id, s.appointment_id,
       CASE WHEN s.number = 1 THEN 'baseline' ELSE 'end_of_course' END, measure.m,
       CASE WHEN measure.j = 0 THEN 110 + s.n % 40 ELSE 55 + s.n % 10 END
         * (CASE WHEN s.number = 1 THEN 100 ELSE 100 + (s.n + zones.i) % 25 END) / 100.0,
       measure.unit, zones.name, 'trichoscopy', s.starts_at + CAST(1800000000 AS BIGINT),
       s.practitioner_id, zones.i * 2 + measure.j
FROM bench_sessions s CROSS JOIN zones CROSS JOIN measure
WHERE s.status = 'attended' AND s.number IN (1, 8);

DROP TABLE bench_charts;
DROP TABLE bench_visits;
DROP TABLE bench_sessions;
DROP TABLE bench_courses;
DROP TABLE bench_lanes;
DROP TABLE bench_given_names;
DROP TABLE bench_family_names;
DROP TABLE bench_template;

-- Fresh statistics, as PostgreSQL's autovacuum would gather after such a load.
ANALYZE;
