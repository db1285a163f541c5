-- Login throttling by growing delays instead of hard locks (issue 9, item 14).
-- A key ('login:<name>' or 'ip:<address>') now holds its failure count, the
-- time of its last failure and the earliest time of its next attempt: after
-- a few free failures each further one doubles the wait, up to a cap, and a
-- key with no failure for an hour starts over. The columns are renamed to
-- say so; the old rows (15-minute locks) are dropped: every count starts over.
DELETE FROM login_throttle;
ALTER TABLE login_throttle RENAME COLUMN window_start TO last_failure_at;
ALTER TABLE login_throttle RENAME COLUMN locked_until TO next_attempt_at;
