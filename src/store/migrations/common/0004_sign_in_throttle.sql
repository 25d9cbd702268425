-- Failed sign-ins per account ("user:NAME") and per source address ("address:IP"), so every
-- server behind a proxy applies the same delays.
CREATE TABLE sign_in_failures (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  locked_until BIGINT NOT NULL
);
