-- Territorial committee workbooks (issue 3): each filled workbook a committee
-- sends back is kept as an upload with its file hash, the cell-level diff and
-- the errors computed against the state of the plan at upload time (JSON),
-- and its status: pending until someone approves it (its changed values are
-- then proposed as one batch of measurements, named in `batch`) or discards
-- it. Only the status columns change after the insert, once, from pending.
CREATE TABLE committee_uploads (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES gov_bodies(id) ON DELETE CASCADE,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  territory_id TEXT NOT NULL REFERENCES territories(id),
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  uploaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  file_name TEXT CHECK (file_name IS NULL OR length(file_name) <= 255),
  file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
  file_size INTEGER NOT NULL CHECK (file_size >= 0),
  rows_read INTEGER NOT NULL CHECK (rows_read >= 0),
  changes INTEGER NOT NULL CHECK (changes >= 0),
  errors INTEGER NOT NULL CHECK (errors >= 0),
  diff TEXT NOT NULL,                         -- {"cells":[...],"errors":[...],"changes":[...]}
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'discarded')),
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  batch TEXT,                                 -- measurements.batch of the approved values
  CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL)),
  CHECK ((status = 'approved') = (batch IS NOT NULL))
) STRICT;
CREATE INDEX committee_uploads_body ON committee_uploads(body_id, id);

CREATE TRIGGER committee_uploads_decide_once BEFORE UPDATE ON committee_uploads
WHEN OLD.status <> 'pending' OR NEW.body_id <> OLD.body_id OR NEW.diff <> OLD.diff
  OR NEW.file_sha256 <> OLD.file_sha256 OR NEW.uploaded_by <> OLD.uploaded_by
BEGIN SELECT RAISE(ABORT, 'a committee upload is decided once; its content never changes'); END;
CREATE TRIGGER committee_uploads_no_delete BEFORE DELETE ON committee_uploads
WHEN OLD.status = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved committee upload is kept'); END;
