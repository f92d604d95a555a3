-- A change of address asked for on the preferences page is first approved from the current
-- address, then confirmed by the new one: a forwarded preferences link alone must not move the
-- contact to another mailbox (and with it the export and erase links). `stage` says which of the
-- two links a row is; rows of before are confirmation links already sent to a new address.
ALTER TABLE address_changes ADD COLUMN stage TEXT NOT NULL DEFAULT 'confirm';
-- The contact's address version when the link was made: an address that moved away and came back
-- (A to B to A) has moved on all the same, and its links with it.
ALTER TABLE address_changes ADD COLUMN address_version INTEGER NOT NULL DEFAULT 0;
