-- Assessment (issue 4). Medical histories and hair assessments are saved as numbered versions;
-- each version is the record's JSON document as the API shows it, never changed afterwards.
CREATE TABLE clinical_records (
  patient_id TEXT NOT NULL REFERENCES patients (id),
  kind TEXT NOT NULL,
  version BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (patient_id, kind, version)
);

CREATE TABLE formulations (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL
);

CREATE TABLE formulation_ingredients (
  formulation_id TEXT NOT NULL REFERENCES formulations (id),
  position INTEGER NOT NULL,
  substance TEXT NOT NULL,
  amount_per_ml DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  PRIMARY KEY (formulation_id, position)
);

-- Contraindication rule files as loaded; the highest version is the one in force. Old
-- versions stay so every decision can show the rules it was made under.
CREATE TABLE rule_sets (
  version BIGINT PRIMARY KEY,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  loaded_at BIGINT NOT NULL,
  loaded_by TEXT NOT NULL
);

CREATE TABLE suitability_decisions (
  id TEXT PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  decided_at BIGINT NOT NULL,
  decided_by TEXT NOT NULL,
  rule_set_version BIGINT NOT NULL REFERENCES rule_sets (version),
  body TEXT NOT NULL
);

CREATE INDEX decisions_by_patient ON suitability_decisions (patient_id, decided_at);
