-- Treatment protocols (issue 5): what a course is made of. The body is the protocol's JSON
-- document as the API shows it; name and formulation are columns for uniqueness and joins.
CREATE TABLE protocols (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  formulation_id TEXT NOT NULL REFERENCES formulations (id),
  created_at BIGINT NOT NULL,
  body TEXT NOT NULL
);
