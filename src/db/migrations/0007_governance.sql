-- Governance writes (issue 3): a meeting has a status (planned, held,
-- cancelled; rows before this migration record meetings that took place),
-- and a decision may be "in progress" between open (à faire) and done.
-- SQLite cannot alter a CHECK constraint, so decisions is rebuilt inside the
-- migration's transaction, where foreign_keys cannot be switched off: with
-- the checks deferred, dropping the old table counts the rows of
-- budget_lines and indicator_targets that cite a decision, and copying the
-- rows back (same ids) into the new "decisions" settles that count before
-- the commit. Those tables' REFERENCES decisions(id) name the new table. Every status change of a
-- decision is audited (before/after) by app/governance.c.

ALTER TABLE gov_meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'held'
  CHECK (status IN ('planned', 'held', 'cancelled'));

PRAGMA defer_foreign_keys = ON;
CREATE TABLE decisions_0007 AS SELECT * FROM decisions;
DROP TABLE decisions;
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES gov_meetings(id),
  text TEXT NOT NULL,
  owner_org_id INTEGER REFERENCES organisations(id),
  owner_person TEXT,
  due_on TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
  source TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
INSERT INTO decisions(id, plan_id, meeting_id, text, owner_org_id, owner_person, due_on, status, source, created_at)
  SELECT id, plan_id, meeting_id, text, owner_org_id, owner_person, due_on, status, source, created_at FROM decisions_0007;
DROP TABLE decisions_0007;
CREATE INDEX decisions_plan ON decisions(plan_id);
CREATE INDEX decisions_meeting ON decisions(meeting_id);
