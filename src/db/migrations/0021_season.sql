-- Recruitment, session 10 (module "season"): the expiry of a need read by
-- the offers' scheduler. needs.expires_at (0014) holds the expiry as
-- written (ISO 8601 with its offset); expires_min is the same instant in
-- minutes since 1970-01-01T00:00Z, from the app's one parse
-- (recruit_time_parse), so that the scheduler compares numbers. NULL: the
-- need expires when its first slot starts.
ALTER TABLE needs ADD COLUMN expires_min INTEGER;
UPDATE needs SET expires_min = CAST(strftime('%s', expires_at) AS INTEGER) / 60 WHERE expires_at IS NOT NULL;
CREATE INDEX needs_expiry ON needs(status, expires_min);
