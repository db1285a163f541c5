-- Outgoing messages and signed links (issue 11, "Offers and acceptance"):
-- the outbox of e-mails and SMS, written in the same transaction as the
-- change that sends them (app/mail/mail.h) and delivered by plam serve's
-- sender with retries; the server secret of signed one-click links; the
-- links already used (single use); self-registered accounts awaiting their
-- e-mail verification. Times are Unix seconds.

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'sms')),
  recipient TEXT NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
  subject TEXT NOT NULL DEFAULT '' CHECK (length(subject) <= 200),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,         -- due time; a sender's claim moves it past its lease
  last_error TEXT NOT NULL DEFAULT '' CHECK (length(last_error) <= 300),  -- never a secret
  created_at INTEGER NOT NULL,
  sent_at INTEGER
) STRICT;
CREATE INDEX outbox_due ON outbox(status, next_attempt_at, id);

-- Named server secrets (32 random bytes), created by plam init / plam serve.
CREATE TABLE server_secrets (
  name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 32),
  secret BLOB NOT NULL CHECK (length(secret) = 32),
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Signed links that may be followed once: the hash of each one used.
CREATE TABLE link_uses (
  token_hash BLOB PRIMARY KEY CHECK (length(token_hash) = 32),
  purpose TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 16),
  subject_id INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,             -- the row may be purged after this
  used_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX link_uses_expiry ON link_uses(expires_at);

-- Accounts created on the public site, disabled until their e-mail address
-- is verified through the link sent to it.
CREATE TABLE account_pending (
  user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL
) STRICT;
