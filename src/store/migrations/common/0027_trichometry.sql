-- Trichometry (issue 17): a trichoscopy photo's hairs counted and measured by the engine, its
-- figures kept beside the photo (one result a photo: the engine gives the same figures from the
-- same pixels and settings, so the hairs themselves are found again from the photo when the
-- overlay is drawn). When the photo belongs to a course, the figures are also recorded as the
-- course's outcome measurements, each naming the photo it was measured on. Erased with the
-- patient.
CREATE TABLE trichometry_results (
  id TEXT PRIMARY KEY,
  photo_id TEXT NOT NULL UNIQUE REFERENCES photos (id),
  patient_id TEXT NOT NULL REFERENCES patients (id),
  -- the target area counted in, in the photo's pixels
  target_left DOUBLE PRECISION NOT NULL CHECK (target_left >= 0),
  target_top DOUBLE PRECISION NOT NULL CHECK (target_top >= 0),
  target_width DOUBLE PRECISION NOT NULL CHECK (target_width > 0),
  target_height DOUBLE PRECISION NOT NULL CHECK (target_height > 0),
  vellus_under_um DOUBLE PRECISION NOT NULL CHECK (vellus_under_um > 0),
  hair_count INTEGER NOT NULL CHECK (hair_count >= 0),
  target_area_cm2 DOUBLE PRECISION NOT NULL CHECK (target_area_cm2 > 0),
  density_per_cm2 DOUBLE PRECISION NOT NULL,
  mean_diameter_um DOUBLE PRECISION NOT NULL,
  median_diameter_um DOUBLE PRECISION NOT NULL,
  diameter_cv_percent DOUBLE PRECISION NOT NULL,
  vellus_share_percent DOUBLE PRECISION NOT NULL,
  cumulative_thickness_mm_per_cm2 DOUBLE PRECISION NOT NULL,
  analysed_at BIGINT NOT NULL,
  analysed_by TEXT NOT NULL
);

CREATE INDEX trichometry_results_by_patient ON trichometry_results (patient_id);

ALTER TABLE outcome_measurements ADD COLUMN photo_id TEXT REFERENCES photos (id);
