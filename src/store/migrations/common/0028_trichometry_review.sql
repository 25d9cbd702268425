-- Trichometry results reviewed before they count (issue 17): the practitioner checks the hairs
-- on the overlay, corrects them (hairs removed, hairs added) as often as needed, then accepts
-- the result, and only then do its figures become the course's measurements. The hairs the
-- engine saw are kept with the result, so a correction names the hairs the practitioner saw
-- whatever a later engine would find; which engine counted is kept too.
ALTER TABLE trichometry_results ADD COLUMN engine TEXT NOT NULL DEFAULT 'unrecorded';
ALTER TABLE trichometry_results ADD COLUMN hairs TEXT NOT NULL DEFAULT '[]';
ALTER TABLE trichometry_results ADD COLUMN accepted_at BIGINT;
ALTER TABLE trichometry_results ADD COLUMN accepted_by TEXT;
ALTER TABLE trichometry_results ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Results measured before review existed became measurements when measured: they stand
-- accepted as they were.
UPDATE trichometry_results SET accepted_at = analysed_at, accepted_by = analysed_by;

-- The latest correction of a result (one at most), beside its automatic figures; replaced by
-- the next until the result is accepted. Erased with the patient.
CREATE TABLE trichometry_corrections (
  result_id TEXT PRIMARY KEY REFERENCES trichometry_results (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  -- {"removed": [...], "added": [...]} as documents/trichometry_json.h writes it
  marks TEXT NOT NULL,
  hair_count INTEGER NOT NULL CHECK (hair_count >= 0),
  target_area_cm2 DOUBLE PRECISION NOT NULL CHECK (target_area_cm2 > 0),
  density_per_cm2 DOUBLE PRECISION NOT NULL,
  mean_diameter_um DOUBLE PRECISION NOT NULL,
  median_diameter_um DOUBLE PRECISION NOT NULL,
  diameter_cv_percent DOUBLE PRECISION NOT NULL,
  vellus_share_percent DOUBLE PRECISION NOT NULL,
  cumulative_thickness_mm_per_cm2 DOUBLE PRECISION NOT NULL,
  corrected_at BIGINT NOT NULL,
  corrected_by TEXT NOT NULL
);

CREATE INDEX trichometry_corrections_by_patient ON trichometry_corrections (patient_id);
