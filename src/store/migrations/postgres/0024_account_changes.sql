-- A counter of changes to who may do what: every ended session and every change to a user, the
-- clinics they see, an API token or its clinics moves it on. A server may keep what it read of a
-- session while the counter stands still; triggers move it, so a sign-out or a deactivation made
-- by another server or by the command line is seen at once. (Function bodies stay on one line:
-- the migration runner splits statements at semicolons that end a line.)
CREATE TABLE account_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation BIGINT NOT NULL
);

INSERT INTO account_changes (id, generation) VALUES (1, 1);

CREATE FUNCTION note_account_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE account_changes SET generation = generation + 1 WHERE id = 1; RETURN NULL; END $$;

CREATE TRIGGER account_change_session_ended AFTER DELETE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION note_account_change();

CREATE TRIGGER account_change_user AFTER UPDATE OR DELETE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION note_account_change();

CREATE TRIGGER account_change_user_clinics AFTER INSERT OR UPDATE OR DELETE ON user_clinics
  FOR EACH STATEMENT EXECUTE FUNCTION note_account_change();

CREATE TRIGGER account_change_token AFTER UPDATE OR DELETE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION note_account_change();

CREATE TRIGGER account_change_token_clinics AFTER INSERT OR UPDATE OR DELETE ON api_token_clinics
  FOR EACH STATEMENT EXECUTE FUNCTION note_account_change();
