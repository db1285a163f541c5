-- Recruitment, session 10 (module "season"): the expiry of a need read by
-- the offers' scheduler. needs.expires_at (0014) holds the expiry as
-- written (ISO 8601 with its offset); expires_min is the same instant in
-- minutes since 1970-01-01T00:00Z, from the app's one parse
-- (recruit_time_parse), so that the scheduler compares numbers. NULL: the
-- need expires when its first slot starts.
ALTER TABLE needs ADD COLUMN expires_min INTEGER;
UPDATE needs SET expires_min = CAST(strftime('%s', expires_at) AS INTEGER) / 60 WHERE expires_at IS NOT NULL;
CREATE INDEX needs_expiry ON needs(status, expires_min);

-- The change log of the candidate tables, for the ranking index's per-write
-- updates (app/recruit/recruit_index.c): every row written to candidates,
-- candidate_qualifications, candidate_availability or candidate_pools bumps
-- candidate_generation by one and records the generation it reached with
-- the candidate's id, so that a process whose index was built at generation
-- G reloads only the candidates of the rows G+1..now instead of the whole
-- set. Exactly one row per generation: the index checks the count and
-- reloads everything when rows are missing (purged: only the last 100,000
-- are kept) or too many. Replaces 0014's generation triggers (same bump, per
-- row). The generation's row lock orders writers by commit, so a snapshot
-- that sees generation G sees every change up to G.
CREATE TABLE candidate_changes (
  gen INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL
) STRICT;
DROP TRIGGER candidates_gen_i;
DROP TRIGGER candidates_gen_u;
DROP TRIGGER candidates_gen_d;
DROP TRIGGER candidate_qualifications_gen_i;
DROP TRIGGER candidate_qualifications_gen_u;
DROP TRIGGER candidate_qualifications_gen_d;
DROP TRIGGER candidate_availability_gen_i;
DROP TRIGGER candidate_availability_gen_u;
DROP TRIGGER candidate_availability_gen_d;
DROP TRIGGER candidate_pools_gen_i;
DROP TRIGGER candidate_pools_gen_u;
DROP TRIGGER candidate_pools_gen_d;
CREATE TRIGGER candidates_gen_i AFTER INSERT ON candidates BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidates_gen_u AFTER UPDATE ON candidates BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidates_gen_d AFTER DELETE ON candidates BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidates_gen_m AFTER UPDATE OF id ON candidates WHEN OLD.id <> NEW.id BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.id FROM candidate_generation;
END;
CREATE TRIGGER candidate_qualifications_gen_i AFTER INSERT ON candidate_qualifications BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_qualifications_gen_u AFTER UPDATE ON candidate_qualifications BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_qualifications_gen_d AFTER DELETE ON candidate_qualifications BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_qualifications_gen_m AFTER UPDATE OF candidate_id ON candidate_qualifications WHEN OLD.candidate_id <> NEW.candidate_id BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
END;
CREATE TRIGGER candidate_availability_gen_i AFTER INSERT ON candidate_availability BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_availability_gen_u AFTER UPDATE ON candidate_availability BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_availability_gen_d AFTER DELETE ON candidate_availability BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_availability_gen_m AFTER UPDATE OF candidate_id ON candidate_availability WHEN OLD.candidate_id <> NEW.candidate_id BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
END;
CREATE TRIGGER candidate_pools_gen_i AFTER INSERT ON candidate_pools BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_pools_gen_u AFTER UPDATE ON candidate_pools BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, NEW.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_pools_gen_d AFTER DELETE ON candidate_pools BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
  DELETE FROM candidate_changes WHERE gen <= (SELECT gen - 100000 FROM candidate_generation);
END;
CREATE TRIGGER candidate_pools_gen_m AFTER UPDATE OF candidate_id ON candidate_pools WHEN OLD.candidate_id <> NEW.candidate_id BEGIN
  UPDATE candidate_generation SET gen = gen + 1;
  INSERT INTO candidate_changes (gen, candidate_id) SELECT gen, OLD.candidate_id FROM candidate_generation;
END;

-- Seasonal campaigns for students (issue 11, "as Josette ran them"): plan
-- staff open a campaign for a period with the posts open to students (kind
-- post: profession codes, e.g. ASH) and the students admitted (kind
-- admitted: the student codes of the nomenclature, which carry programme
-- and year, e.g. ETU-IDE-2, ETU-AUTRE). The campaign has its own pool:
-- students apply by joining it; establishments attach needs to the campaign
-- (needs.campaign_id), which then reach that pool.
CREATE TABLE seasonal_campaigns (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  starts_on TEXT NOT NULL CHECK (length(starts_on) = 10),
  ends_on TEXT NOT NULL CHECK (length(ends_on) = 10 AND ends_on >= starts_on),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  pool_id INTEGER NOT NULL REFERENCES pools(id),
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE TABLE seasonal_campaign_codes (
  campaign_id INTEGER NOT NULL REFERENCES seasonal_campaigns(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('post', 'admitted')),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
  PRIMARY KEY (campaign_id, kind, code)
) STRICT, WITHOUT ROWID;
ALTER TABLE needs ADD COLUMN campaign_id INTEGER REFERENCES seasonal_campaigns(id);
CREATE INDEX needs_campaign ON needs(campaign_id, status);
