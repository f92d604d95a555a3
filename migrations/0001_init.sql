-- Portable across SQLite, D1 and PostgreSQL: text ids, integer epoch-millisecond times,
-- integers 0/1 for booleans, no engine-only types. Never edit once landed: add a new file.

CREATE TABLE lists (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  public INTEGER NOT NULL DEFAULT 0,
  double_opt_in INTEGER NOT NULL DEFAULT 1,
  cancels_account INTEGER NOT NULL DEFAULT 0,
  synced INTEGER NOT NULL DEFAULT 1,
  archived INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE contacts (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  locale TEXT,
  status TEXT NOT NULL DEFAULT 'active',
  restricted INTEGER NOT NULL DEFAULT 0,
  complained INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE subscriptions (
  contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  list_id TEXT NOT NULL REFERENCES lists (id),
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (contact_id, list_id)
);

CREATE INDEX subscriptions_list_status ON subscriptions (list_id, status);

-- The consent ledger: append-only. Erasure blanks email, ip and user_agent, nothing else.
CREATE TABLE consent_events (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL,
  email TEXT,
  list_id TEXT,
  from_status TEXT,
  to_status TEXT NOT NULL,
  source TEXT NOT NULL,
  legal_basis TEXT,
  ip TEXT,
  user_agent TEXT,
  consent_text TEXT,
  consent_version TEXT,
  detail TEXT,
  occurred_at BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL
);

CREATE INDEX consent_events_contact ON consent_events (contact_id, id);
CREATE INDEX consent_events_list ON consent_events (list_id, id);

-- Work for other systems, written in the same transaction as the change that causes it.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  contact_id TEXT,
  payload TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  available_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  claimed_by TEXT,
  claimed_until BIGINT,
  last_error TEXT,
  done_at BIGINT,
  failed_at BIGINT
);

CREATE INDEX outbox_pending ON outbox (topic, done_at, failed_at, available_at);
CREATE INDEX outbox_contact ON outbox (topic, contact_id);

-- Counters for rate limits, shared by every process and isolate that uses the database.
CREATE TABLE rate_limits (
  bucket TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  hits INTEGER NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

-- Erased or permanently suppressed addresses, only as a keyed hash.
CREATE TABLE suppressions (
  email_hash TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,
  scope TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  last_used_at BIGINT
);

-- Small durable facts: Mailchimp interest ids, last sync success, and the like.
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
