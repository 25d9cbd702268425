-- Scale data for the analytics benchmark, one script for both engines (bench/analytics.sh puts
-- in @PATIENTS@ and @NOW@, microseconds since the epoch). Into the first demo clinic: 20 bench
-- practitioners and rooms (lanes), and per patient one course of 8 sessions two weeks apart,
-- agreed at 800.00; a new course every 5.5 hours in each lane, so 100,000 patients span about
-- 3.2 years up to now. Sessions before now were attended (1 in 20 missed; 1 course in 10 left
-- after its 4th session, the rest cancelled); later ones are booked. Each attended session has
-- a signed chart (1 in 13 with an adverse event); the 1st and 8th carry baseline and
-- end-of-course density and diameter in three zones. Slots never overlap: session k of course s
-- in a lane starts at half-hour slot 11 s + 672 k, and 11 s = 672 k' has no solution with k' < 8.
-- Rows go in latest first, so SQLite's double-booking triggers find nothing to compare.

INSERT INTO users (id, username, role, password_hash, created_at)
WITH RECURSIVE lane(l) AS (SELECT 0 UNION ALL SELECT l + 1 FROM lane WHERE l < 19)
SELECT 'bench-dr-' || CAST(l AS TEXT), 'bench.dr.' || CAST(l AS TEXT), 'practitioner', '!', @NOW@
FROM lane;

INSERT INTO rooms (id, clinic_id, name)
WITH RECURSIVE lane(l) AS (SELECT 0 UNION ALL SELECT l + 1 FROM lane WHERE l < 19)
SELECT 'bench-room-' || CAST(l AS TEXT), (SELECT id FROM clinics ORDER BY id LIMIT 1),
       'Bench room ' || CAST(l AS TEXT)
FROM lane;

CREATE TABLE bench_courses AS
WITH RECURSIVE n(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM n WHERE n < @PATIENTS@ - 1)
SELECT n, n % 20 AS lane, n / 20 AS s,
       @NOW@ - CAST(1170 AS BIGINT) * 86400000000 AS base
FROM n;

INSERT INTO patients (id, clinic_id, family_name, given_name, family_key, given_key, sort_key,
                      date_of_birth, sex, phone, email, preferred_language, reminder_channel,
                      created_at, updated_at, version, deleted_at)
SELECT 'bp-' || CAST(n AS TEXT), (SELECT id FROM clinics ORDER BY id LIMIT 1),
       'Bench' || CAST(n AS TEXT), 'Patient', 'bench' || CAST(n AS TEXT), 'patient',
       'bench' || CAST(n AS TEXT) || ' patient', '1980-01-01', 'female', NULL, NULL, 'en', 'none',
       base, base, 1, NULL
FROM bench_courses;

-- The demo's protocols in turn.
CREATE TABLE bench_protocols AS
SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS i FROM protocols;

-- A course starts at its first session, which is never missed or cancelled here.
INSERT INTO courses (id, clinic_id, patient_id, protocol_id, created_at, created_by, body,
                     agreed_cost_minor, agreed_cost_currency, started_at)
SELECT 'bc-' || CAST(c.n AS TEXT), (SELECT id FROM clinics ORDER BY id LIMIT 1),
       'bp-' || CAST(c.n AS TEXT), p.id, c.base, 'bench-dr-' || CAST(c.lane AS TEXT), '{}',
       80000, (SELECT currency FROM clinics ORDER BY id LIMIT 1),
       CASE WHEN c.base + c.s * 11 * CAST(1800000000 AS BIGINT) < @NOW@
            THEN c.base + c.s * 11 * CAST(1800000000 AS BIGINT) END
FROM bench_courses c
JOIN bench_protocols p ON p.i = c.n % (SELECT COUNT(*) FROM bench_protocols);

CREATE TABLE bench_sessions AS
WITH RECURSIVE k(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM k WHERE k < 7)
SELECT c.n, c.lane, k.k + 1 AS number,
       c.base + (c.s * 11 + k.k * 672) * CAST(1800000000 AS BIGINT) AS starts_at
FROM bench_courses c CROSS JOIN k;

INSERT INTO appointments (id, clinic_id, patient_id, practitioner_id, room_id, starts_at, ends_at,
                          status, course_id, session_number, note)
SELECT 'ba-' || CAST(n AS TEXT) || '-' || CAST(number AS TEXT),
       (SELECT id FROM clinics ORDER BY id LIMIT 1), 'bp-' || CAST(n AS TEXT),
       'bench-dr-' || CAST(lane AS TEXT), 'bench-room-' || CAST(lane AS TEXT), starts_at,
       starts_at + CAST(1800000000 AS BIGINT),
       CASE WHEN n % 10 = 3 AND number > 4 THEN 'cancelled'
            WHEN starts_at >= @NOW@ THEN 'booked'
            WHEN (n * 7 + number) % 20 = 0 AND number > 1 THEN 'missed'
            ELSE 'attended' END,
       'bc-' || CAST(n AS TEXT), number, ''
FROM bench_sessions
ORDER BY starts_at DESC;

INSERT INTO session_charts (appointment_id, version, patient_id, body, recorded_at, recorded_by,
                            signed_at, signed_by, correction_reason, adverse_event_count)
SELECT a.id, 1, a.patient_id,
       CASE WHEN (s.n + s.number) % 13 = 0
            THEN '{"adverse_events":[{"kind":"pinpoint bleeding","severity":"mild"}]}'
            ELSE '{"adverse_events":[]}' END,
       a.ends_at, a.practitioner_id, a.ends_at, a.practitioner_id, NULL,
       CASE WHEN (s.n + s.number) % 13 = 0 THEN 1 ELSE 0 END
FROM bench_sessions s JOIN appointments a
  ON a.id = 'ba-' || CAST(s.n AS TEXT) || '-' || CAST(s.number AS TEXT)
WHERE a.status = 'attended';

INSERT INTO outcome_measurements (id, patient_id, course_id, session_id, time_point, measure,
                                  value, unit, zone, method, measured_at, measured_by,
                                  visit_order)
WITH zones(name, i) AS (SELECT 'vertex', 0 UNION ALL SELECT 'frontal', 1 UNION ALL
                        SELECT 'mid_scalp', 2),
measure(m, unit, j) AS (SELECT 'hair_density', 'hairs/cm2', 0 UNION ALL
                        SELECT 'mean_shaft_diameter', 'um', 1)
SELECT 'bm-' || CAST(s.n AS TEXT) || '-' || CAST(s.number AS TEXT) || '-' || CAST(zones.i AS TEXT) ||
           '-' || CAST(measure.j AS TEXT),
       'bp-' || CAST(s.n AS TEXT), 'bc-' || CAST(s.n AS TEXT), a.id,
       CASE WHEN s.number = 1 THEN 'baseline' ELSE 'end_of_course' END, measure.m,
       CASE WHEN measure.j = 0 THEN 110 + s.n % 40 ELSE 55 + s.n % 10 END
         * (CASE WHEN s.number = 1 THEN 100 ELSE 100 + (s.n + zones.i) % 25 END) / 100.0,
       measure.unit, zones.name, 'trichoscopy', a.ends_at, a.practitioner_id, zones.i * 2 + measure.j
FROM bench_sessions s JOIN appointments a
  ON a.id = 'ba-' || CAST(s.n AS TEXT) || '-' || CAST(s.number AS TEXT)
CROSS JOIN zones CROSS JOIN measure
WHERE a.status = 'attended' AND s.number IN (1, 8);

DROP TABLE bench_sessions;
DROP TABLE bench_protocols;
DROP TABLE bench_courses;

-- Fresh statistics, as PostgreSQL's autovacuum would gather after such a load (the figures of
-- 2026-12-03 in docs/performance.md were measured before this line was added).
ANALYZE;
