-- A person's own change of address, waiting for the new mailbox to confirm it. The id is the
-- SHA-256 (hex) of the secret in the confirmation link, so the table alone cannot confirm.
CREATE TABLE address_changes (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  old_email TEXT NOT NULL,
  new_email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

CREATE INDEX address_changes_contact ON address_changes (contact_id);
