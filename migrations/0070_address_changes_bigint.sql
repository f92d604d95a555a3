-- 0040 declared the times of address_changes INTEGER: 64 bits on SQLite and D1, but 32 on
-- PostgreSQL, where a time in milliseconds does not fit (every self-service address change
-- answered 500 there). The table is rebuilt with BIGINT, the same way on every engine (SQLite
-- cannot change a column's type in place); what it held is kept.
CREATE TABLE address_changes_wide (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  old_email TEXT NOT NULL,
  new_email TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);

INSERT INTO address_changes_wide (id, contact_id, old_email, new_email, created_at, expires_at, used_at)
SELECT id, contact_id, old_email, new_email, created_at, expires_at, used_at FROM address_changes;

DROP TABLE address_changes;

ALTER TABLE address_changes_wide RENAME TO address_changes;

CREATE INDEX address_changes_contact ON address_changes (contact_id);
