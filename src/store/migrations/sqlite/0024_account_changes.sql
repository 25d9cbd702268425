-- A counter of changes to who may do what: every ended session and every change to a user, the
-- clinics they see, an API token or its clinics moves it on. A server may keep what it read of a
-- session while the counter stands still; triggers move it, so a sign-out or a deactivation made
-- by another server or by the command line is seen at once.
CREATE TABLE account_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);

INSERT INTO account_changes (id, generation) VALUES (1, 1);

CREATE TRIGGER account_change_session_ended AFTER DELETE ON sessions
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_user_updated AFTER UPDATE ON users
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_user_deleted AFTER DELETE ON users
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_user_clinic_added AFTER INSERT ON user_clinics
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_user_clinic_removed AFTER DELETE ON user_clinics
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_token_updated AFTER UPDATE ON api_tokens
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_token_deleted AFTER DELETE ON api_tokens
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_token_clinic_added AFTER INSERT ON api_token_clinics
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;

CREATE TRIGGER account_change_token_clinic_removed AFTER DELETE ON api_token_clinics
BEGIN
  UPDATE account_changes SET generation = generation + 1 WHERE id = 1;
END;
