-- Staff accounts, the clinics each may see, and signed-in sessions.
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE user_clinics (
  user_id TEXT NOT NULL REFERENCES users (id),
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  PRIMARY KEY (user_id, clinic_id)
);

-- Only a hash of each bearer token is kept: a copy of the database signs nobody in.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  source_address TEXT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);
