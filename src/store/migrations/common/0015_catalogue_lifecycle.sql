-- Catalogue lifecycle (issue 13): formulations, products and rooms are renamed and retired, never
-- deleted, so the decisions, charts, courses and appointments that used them keep pointing at
-- them. `version` counts edits (the ETag); `retired_at` is set from retirement on. Ingredients,
-- a product's formulation and its vial size are never changed, so no clinical version is kept.
ALTER TABLE formulations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE formulations ADD COLUMN retired_at BIGINT;
ALTER TABLE products ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE products ADD COLUMN retired_at BIGINT;
ALTER TABLE rooms ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE rooms ADD COLUMN retired_at BIGINT;
