-- Foundation schema: territories, organisations, users, sessions, login
-- throttling and the append-only audit log. All tables STRICT.

CREATE TABLE territories (
  id TEXT PRIMARY KEY,                -- 'FR', 'REG-52', 'DEP-44' (région and département codes overlap)
  insee_code TEXT NOT NULL,
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('country', 'region', 'departement')),
  parent TEXT REFERENCES territories(id)
) STRICT;
CREATE INDEX territories_parent ON territories(parent);

CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind TEXT NOT NULL,
  finess TEXT CHECK (finess IS NULL OR (length(finess) = 9)),
  siret TEXT CHECK (siret IS NULL OR (length(siret) = 14)),
  territory_id TEXT REFERENCES territories(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE UNIQUE INDEX organisations_finess ON organisations(finess) WHERE finess IS NOT NULL;
CREATE UNIQUE INDEX organisations_name ON organisations(name COLLATE NOCASE);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(login) BETWEEN 2 AND 64),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  email TEXT,
  role TEXT NOT NULL,
  org_id INTEGER REFERENCES organisations(id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX users_org ON users(org_id);

-- Only a hash of the session token is stored; the token itself lives in the
-- user's cookie. Times are Unix seconds.
CREATE TABLE sessions (
  token_hash BLOB PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- Failed-login counters per key ('login:<name>' or 'ip:<address>'), kept in
-- the database so several servers behind a proxy share them.
CREATE TABLE login_throttle (
  key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Append-only audit log of every write: who, when, what, before/after (JSON).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  user_id INTEGER,
  user_login TEXT,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT,
  before TEXT,
  after TEXT,
  request_id TEXT
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
CREATE INDEX audit_log_user ON audit_log(user_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
