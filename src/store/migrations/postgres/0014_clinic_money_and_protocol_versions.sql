-- A clinic group from nothing, prices per clinic, protocols edited and retired (issue 13).
-- A clinic now keeps its currency (ISO 4217), the language new patients default to, and a
-- version for If-Match. Clinics that exist already take the currency their protocols were
-- priced in (before this, one price held group-wide), or EUR if there are no protocols.
ALTER TABLE clinics ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR';
ALTER TABLE clinics ADD COLUMN default_language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE clinics ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE clinics ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE clinics SET updated_at = created_at;
UPDATE clinics SET currency = COALESCE((SELECT COALESCE(body::json #>> '{price_per_session,currency}', body::json #>> '{package_price,currency}') FROM protocols ORDER BY created_at, id LIMIT 1), 'EUR');

-- A protocol is edited in place (courses keep the copy they were agreed on) and retired rather
-- than deleted, so what was used stays readable.
ALTER TABLE protocols ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE protocols ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE protocols ADD COLUMN retired_at BIGINT;
UPDATE protocols SET updated_at = created_at;

-- What a protocol costs at one clinic, in that clinic's currency. The body is the price
-- document (price_per_session, package_price as minor units with their currency).
CREATE TABLE protocol_prices (
  clinic_id TEXT NOT NULL REFERENCES clinics (id),
  protocol_id TEXT NOT NULL REFERENCES protocols (id),
  body TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (clinic_id, protocol_id)
);

-- The group-wide prices kept in protocol documents so far become each clinic's price, where the
-- clinic's currency is the price's; the members left in old protocol documents are ignored.
INSERT INTO protocol_prices (clinic_id, protocol_id, body, version, updated_at)
SELECT c.id, p.id, json_build_object('price_per_session', p.body::json -> 'price_per_session', 'package_price', p.body::json -> 'package_price')::text, 1, p.created_at
FROM protocols p CROSS JOIN clinics c
WHERE c.currency = COALESCE(p.body::json #>> '{price_per_session,currency}', p.body::json #>> '{package_price,currency}');
