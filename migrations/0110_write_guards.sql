-- D1 cannot hold a lock while a request reads (a transaction there is one batch sent at commit).
-- lockContact (src/db/locks.ts) puts a guard into the batch: an insert this CHECK refuses when
-- the contact's version moved since the transaction read it, so the whole batch rolls back and
-- the transaction runs again on what the other one committed. No row is ever stored here;
-- SQLite and PostgreSQL lock instead and never write to it.
CREATE TABLE write_guards (
  contact_changed_meanwhile INTEGER NOT NULL,
  CONSTRAINT contact_changed_meanwhile CHECK (contact_changed_meanwhile = 0)
);
