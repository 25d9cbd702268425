-- Staff lifecycle (issue 13): an account is deactivated rather than deleted, so the audit
-- trail and the charts it signed still name it (0 in deactivated_at means active); an admin's
-- password reset makes its owner choose a new password at the next sign-in; version backs the
-- ETag an admin sends back with If-Match when changing role or clinics.
ALTER TABLE users ADD COLUMN deactivated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- Deactivating an admin revokes the API tokens they issued.
CREATE INDEX api_tokens_by_creator ON api_tokens (created_by);
