-- Apart from 0100, so that on PostgreSQL the exclusive lock of its ALTER TABLE is not held
-- while these are built on a large table: the contacts merged into one (read by erasure), and
-- delivered outbox rows by age (read by the hourly prune).
CREATE INDEX contacts_merged_into ON contacts (merged_into);
CREATE INDEX outbox_done ON outbox (done_at);
