-- API tokens for integrations: each acts in one role for the clinics it names. Only a hash of
-- the token is kept. A revoked token stays (revoked_at > 0) so audit entries made with it still
-- name something; 0 in expires_at or revoked_at means "never" / "not revoked".
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT NOT NULL
);

CREATE TABLE api_token_clinics (
  token_id TEXT NOT NULL REFERENCES api_tokens (id),
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  PRIMARY KEY (token_id, clinic_id)
);
