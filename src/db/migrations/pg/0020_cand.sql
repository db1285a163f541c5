-- How offers reach a candidate (cand, issue 11): the PostgreSQL twin of
-- 0020_cand.sql (e-mail, SMS or both; the default e-mail, as before).
ALTER TABLE candidates ADD COLUMN contact_by text COLLATE "C" NOT NULL DEFAULT 'email'
  CHECK (contact_by IN ('email', 'sms', 'both'));
