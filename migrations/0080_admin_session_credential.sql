-- A console session opened with ADMIN_TOKEN remembers which token opened it (a keyed hash, never
-- the token), so changing or removing ADMIN_TOKEN ends those sessions at once, as revoking an API
-- key ends its own. Sessions of before have none and must sign in again.
ALTER TABLE admin_sessions ADD COLUMN credential_hash TEXT;
