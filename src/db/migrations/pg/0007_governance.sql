-- Governance writes (issue 3), PostgreSQL: as ../0007_governance.sql, a
-- meeting gets a status (planned, held, cancelled; existing rows record
-- meetings that took place) and a decision may be "in progress". PostgreSQL
-- alters a CHECK constraint in place: no table rebuild.
ALTER TABLE gov_meetings ADD COLUMN status text COLLATE "C" NOT NULL DEFAULT 'held'
  CHECK (status IN ('planned', 'held', 'cancelled'));

ALTER TABLE decisions DROP CONSTRAINT decisions_status_check;
ALTER TABLE decisions ADD CONSTRAINT decisions_status_check
  CHECK (status IN ('open', 'in_progress', 'done', 'dropped'));
CREATE INDEX decisions_plan ON decisions(plan_id);
CREATE INDEX decisions_meeting ON decisions(meeting_id);
