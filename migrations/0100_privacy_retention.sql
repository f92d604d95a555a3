-- A privacy review found personal data outliving an erasure:
-- a delivered outbox row kept its payload, and a Mailchimp deletion's payload is the MD5 of the
-- erased address (Mailchimp's subscriber hash), enough to find the person's ledger again by
-- guessing the address. A delivered row now keeps nothing of what it carried.
UPDATE outbox SET payload = '{}' WHERE done_at IS NOT NULL;
-- Waiting states of contacts erased before erasure cleared them.
DELETE FROM mailchimp_member_states WHERE contact_id NOT IN (SELECT id FROM contacts);
-- A contact Mailchimp's upemail merged into another (its address moved onto one Prefcenter
-- already had): erased together with the contact it was merged into.
ALTER TABLE contacts ADD COLUMN merged_into TEXT;
CREATE INDEX contacts_merged_into ON contacts (merged_into);
