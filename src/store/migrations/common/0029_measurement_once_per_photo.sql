-- A measure is taken from a photo once: a trichoscopy image's figures when its count is accepted,
-- a phototrichogram's anagen share when it is recorded. The index keeps it so when two servers
-- (or two hands) record at the same moment; the second is refused as a conflict.
CREATE UNIQUE INDEX outcome_measurements_once_per_photo ON outcome_measurements (photo_id, measure)
  WHERE photo_id IS NOT NULL;
