-- PostgreSQL twin of ../0021_season.sql (see there).
ALTER TABLE needs ADD COLUMN expires_min bigint;
UPDATE needs SET expires_min = floor(extract(epoch FROM expires_at::timestamptz) / 60)::bigint
  WHERE expires_at IS NOT NULL;
CREATE INDEX needs_expiry ON needs(status, expires_min);
