-- Links are bound to the address they were sent to: every change of contacts.email bumps
-- address_version, and a token carrying an older version answers 410 (issue 11, item 2).
-- Tokens minted before this column existed carry no version and count as version 0.
ALTER TABLE contacts ADD COLUMN address_version INTEGER NOT NULL DEFAULT 0;
