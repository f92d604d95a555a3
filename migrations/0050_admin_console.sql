-- The admin console (issue 14). Sessions: the cookie holds a random id, the database only its
-- SHA-256, so a copy of the database opens no session. `actor` is who signed in: the API key
-- id, or `admin-token`. Times are epoch milliseconds.
CREATE TABLE admin_sessions (
  id_hash TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  scope TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  locale TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL
);

CREATE INDEX admin_sessions_last_seen ON admin_sessions (last_seen_at);

-- Who changed what from the console, for changes the consent ledger does not hold itself
-- (lists, API keys, imports) and for every console action that also reached the ledger.
CREATE TABLE admin_audit (
  id TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT,
  occurred_at BIGINT NOT NULL
);

CREATE INDEX admin_audit_occurred ON admin_audit (occurred_at);

-- A CSV uploaded to the console between its dry run and its application; the file is blanked
-- once applied, and files never applied are dropped after a day.
CREATE TABLE admin_imports (
  id TEXT PRIMARY KEY,
  actor TEXT NOT NULL,
  csv TEXT NOT NULL,
  report TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  applied_at BIGINT
);
