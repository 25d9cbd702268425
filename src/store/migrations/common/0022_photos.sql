-- Clinical photos (issue 15): standard views and trichoscopy images, each under a consent to
-- photos in force. The pixels are files in the photo folder named by the SHA-256 of their
-- bytes (content_hash, thumbnail_hash); a row is recorded once the file is durable, never edited,
-- and deleted only with the patient's erasure, which then removes the files no row still names.
CREATE TABLE photos (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  course_id TEXT REFERENCES courses (id),
  appointment_id TEXT REFERENCES appointments (id),
  kind TEXT NOT NULL CHECK (kind IN ('standard', 'trichoscopy')),
  view TEXT CHECK (view IN ('front', 'top', 'vertex', 'left', 'right', 'back')),
  zone TEXT CHECK (zone IN ('frontal_hairline', 'frontal', 'mid_scalp', 'vertex',
                            'left_temporal', 'right_temporal', 'left_parietal',
                            'right_parietal', 'occipital')),
  time_point TEXT NOT NULL CHECK (time_point IN ('baseline', 'mid_course', 'end_of_course',
                                                 'month_3', 'month_6', 'month_12',
                                                 'maintenance')),
  um_per_pixel DOUBLE PRECISION CHECK (um_per_pixel > 0 AND um_per_pixel <= 100),
  taken_at BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  content_hash TEXT NOT NULL CHECK (length(content_hash) = 64),
  width INTEGER NOT NULL CHECK (width > 0),
  height INTEGER NOT NULL CHECK (height > 0),
  byte_size BIGINT NOT NULL CHECK (byte_size > 0),
  thumbnail_hash TEXT NOT NULL CHECK (length(thumbnail_hash) = 64),
  -- a standard photo shows a view; a trichoscopy image a calibrated target zone
  CHECK ((kind = 'standard') = (view IS NOT NULL) OR kind = 'trichoscopy'),
  CHECK ((kind = 'trichoscopy') = (um_per_pixel IS NOT NULL)),
  CHECK (kind = 'standard' OR zone IS NOT NULL)
);

-- A patient's photos in the order they were taken; and whether any row still names a file
-- (erasure removes only files no row names).
CREATE INDEX photos_by_patient ON photos (patient_id, taken_at, id);
CREATE INDEX photos_by_content ON photos (content_hash);
CREATE INDEX photos_by_thumbnail ON photos (thumbnail_hash);
