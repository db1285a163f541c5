-- PostgreSQL twin of ../0021_season.sql (see there).
ALTER TABLE needs ADD COLUMN expires_min bigint;
UPDATE needs SET expires_min = floor(extract(epoch FROM expires_at::timestamptz) / 60)::bigint
  WHERE expires_at IS NOT NULL;
CREATE INDEX needs_expiry ON needs(status, expires_min);

-- The change log of the candidate tables (see the SQLite twin): a row-level
-- trigger replaces 0014's statement-level bump.
CREATE TABLE candidate_changes (
  gen bigint PRIMARY KEY,
  candidate_id bigint NOT NULL
);
DROP TRIGGER candidates_gen ON candidates;
DROP TRIGGER candidate_qualifications_gen ON candidate_qualifications;
DROP TRIGGER candidate_availability_gen ON candidate_availability;
DROP TRIGGER candidate_pools_gen ON candidate_pools;
CREATE FUNCTION candidate_change_log() RETURNS trigger LANGUAGE plpgsql AS
$$DECLARE
  g bigint;
  id_new bigint;
  id_old bigint;
BEGIN
  IF TG_TABLE_NAME = 'candidates' THEN
    IF TG_OP <> 'DELETE' THEN id_new := NEW.id; END IF;
    IF TG_OP <> 'INSERT' THEN id_old := OLD.id; END IF;
  ELSE
    IF TG_OP <> 'DELETE' THEN id_new := NEW.candidate_id; END IF;
    IF TG_OP <> 'INSERT' THEN id_old := OLD.candidate_id; END IF;
  END IF;
  UPDATE candidate_generation SET gen = gen + 1 RETURNING gen INTO g;
  INSERT INTO candidate_changes (gen, candidate_id) VALUES (g, coalesce(id_new, id_old));
  IF TG_OP = 'UPDATE' AND id_old <> id_new THEN
    UPDATE candidate_generation SET gen = gen + 1 RETURNING gen INTO g;
    INSERT INTO candidate_changes (gen, candidate_id) VALUES (g, id_old);
  END IF;
  DELETE FROM candidate_changes WHERE gen <= g - 100000;
  RETURN NULL;
END$$;
CREATE TRIGGER candidates_gen AFTER INSERT OR UPDATE OR DELETE ON candidates
FOR EACH ROW EXECUTE FUNCTION candidate_change_log();
CREATE TRIGGER candidate_qualifications_gen AFTER INSERT OR UPDATE OR DELETE ON candidate_qualifications
FOR EACH ROW EXECUTE FUNCTION candidate_change_log();
CREATE TRIGGER candidate_availability_gen AFTER INSERT OR UPDATE OR DELETE ON candidate_availability
FOR EACH ROW EXECUTE FUNCTION candidate_change_log();
CREATE TRIGGER candidate_pools_gen AFTER INSERT OR UPDATE OR DELETE ON candidate_pools
FOR EACH ROW EXECUTE FUNCTION candidate_change_log();
