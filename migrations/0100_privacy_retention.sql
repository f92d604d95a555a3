-- A privacy review found personal data outliving an erasure. Delivered outbox rows now keep no
-- payload (a Mailchimp deletion's payload is the MD5 of the erased address, enough to find the
-- person's ledger again by guessing the address), and delivered rows go after 30 days: rows
-- delivered before this migration go with them, in batches, by the hourly prune job (a rewrite
-- of the whole outbox here would hold up a large database's upgrade).
-- Waiting states of contacts erased before erasure cleared them.
DELETE FROM mailchimp_member_states WHERE contact_id NOT IN (SELECT id FROM contacts);
-- A contact Mailchimp's upemail merged into another (its address moved onto one Prefcenter
-- already had): erased together with the contact it was merged into.
ALTER TABLE contacts ADD COLUMN merged_into TEXT;
