-- Candidates, pools, needs and confirmed shifts of emergency recruitment
-- (issue 11, "The model"). Times of slots, availability and shifts are kept
-- twice: as written (ISO 8601 with its offset, what people read) and in whole
-- minutes since 1970-01-01T00:00Z (what the matching engine and the indexes
-- use); the app writes both from one parse. Codes of professions and
-- qualifications are checked by the app against the shipped nomenclature.

-- Nested pools: an establishment's own, its GHT's, a département's, the
-- region's, and crisis pools that plan staff open and close (Renfort RH).
CREATE TABLE pools (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  level TEXT NOT NULL CHECK (level IN ('establishment', 'ght', 'departement', 'region', 'crisis')),
  parent_id INTEGER REFERENCES pools(id),
  establishment_id INTEGER REFERENCES establishments(id),
  ght TEXT NOT NULL DEFAULT '' CHECK (length(ght) <= 100),
  territory_id TEXT REFERENCES territories(id),                -- DEP-xx or REG-xx
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX pools_parent ON pools(parent_id);

CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  user_id INTEGER UNIQUE REFERENCES users(id),                 -- NULL when imported without an account
  first_name TEXT NOT NULL CHECK (length(first_name) BETWEEN 1 AND 100),
  last_name TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 100),
  email TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  phone TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 20),
  profession TEXT NOT NULL CHECK (length(profession) BETWEEN 1 AND 32),
  rpps TEXT CHECK (rpps IS NULL OR length(rpps) = 11),
  -- employed, unemployed, retired, student, public_agent (sees the cumul rules)
  situation TEXT NOT NULL DEFAULT 'employed'
    CHECK (situation IN ('employed', 'unemployed', 'retired', 'student', 'public_agent')),
  commune TEXT REFERENCES communes(code),
  departement TEXT NOT NULL REFERENCES territories(id),        -- DEP-xx of home
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),            -- home
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
  max_km REAL NOT NULL CHECK (max_km BETWEEN 0 AND 20000),
  accepts_shift INTEGER NOT NULL DEFAULT 1 CHECK (accepts_shift IN (0, 1)),
  accepts_fixed_term INTEGER NOT NULL DEFAULT 0 CHECK (accepts_fixed_term IN (0, 1)),
  accepts_permanent INTEGER NOT NULL DEFAULT 0 CHECK (accepts_permanent IN (0, 1)),
  accepts_secondment INTEGER NOT NULL DEFAULT 0 CHECK (accepts_secondment IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX candidates_profession ON candidates(profession, departement, id);
CREATE INDEX candidates_geo ON candidates(profession, lat, lon);

CREATE TABLE candidate_qualifications (
  candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
  valid_until TEXT CHECK (valid_until IS NULL OR length(valid_until) = 10),  -- inclusive; NULL: no expiry
  verified_by INTEGER REFERENCES users(id),
  verified_at TEXT,
  PRIMARY KEY (candidate_id, code)
) STRICT, WITHOUT ROWID;

-- Availability: 'available' intervals, and 'unavailable' exceptions cut out
-- of them.
CREATE TABLE candidate_availability (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  kind TEXT NOT NULL DEFAULT 'available' CHECK (kind IN ('available', 'unavailable')),
  start_at TEXT NOT NULL CHECK (length(start_at) BETWEEN 16 AND 25),
  end_at TEXT NOT NULL CHECK (length(end_at) BETWEEN 16 AND 25),
  start_min INTEGER NOT NULL,
  end_min INTEGER NOT NULL CHECK (end_min > start_min)
) STRICT;
CREATE INDEX candidate_availability_candidate ON candidate_availability(candidate_id, start_min);

CREATE TABLE candidate_pools (
  candidate_id INTEGER NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
  pool_id INTEGER NOT NULL REFERENCES pools(id),
  joined_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (candidate_id, pool_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_pools_pool ON candidate_pools(pool_id, candidate_id);

CREATE TABLE needs (
  id INTEGER PRIMARY KEY,
  establishment_id INTEGER NOT NULL REFERENCES establishments(id),
  unit_id INTEGER REFERENCES establishment_units(id),
  profession TEXT NOT NULL CHECK (length(profession) BETWEEN 1 AND 32),
  headcount INTEGER NOT NULL CHECK (headcount BETWEEN 1 AND 1000),    -- people wanted on every slot
  reason TEXT NOT NULL CHECK (reason IN ('replacement', 'seasonal', 'crisis', 'activity', 'other')),
  contract TEXT NOT NULL CHECK (contract IN ('shift', 'fixed_term', 'permanent', 'secondment')),
  pay TEXT NOT NULL DEFAULT '' CHECK (length(pay) <= 200),
  urgency TEXT NOT NULL DEFAULT 'planned' CHECK (urgency IN ('immediate', 'within_24h', 'within_week', 'planned')),
  max_km REAL NOT NULL CHECK (max_km BETWEEN 0 AND 20000),
  -- first: the first to confirm wins; choose: the establishment chooses among those who accepted
  fill_mode TEXT NOT NULL DEFAULT 'first' CHECK (fill_mode IN ('first', 'choose')),
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'filled', 'expired', 'cancelled')),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  expires_at TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX needs_establishment ON needs(establishment_id, status);
CREATE INDEX needs_status ON needs(status, id);

CREATE TABLE need_qualifications (
  need_id INTEGER NOT NULL REFERENCES needs(id) ON DELETE CASCADE,
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),
  PRIMARY KEY (need_id, code)
) STRICT, WITHOUT ROWID;

CREATE TABLE need_pools (
  need_id INTEGER NOT NULL REFERENCES needs(id) ON DELETE CASCADE,
  pool_id INTEGER NOT NULL REFERENCES pools(id),
  PRIMARY KEY (need_id, pool_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE need_slots (
  id INTEGER PRIMARY KEY,
  need_id INTEGER NOT NULL REFERENCES needs(id) ON DELETE CASCADE,
  start_at TEXT NOT NULL CHECK (length(start_at) BETWEEN 16 AND 25),
  end_at TEXT NOT NULL CHECK (length(end_at) BETWEEN 16 AND 25),
  start_min INTEGER NOT NULL,
  end_min INTEGER NOT NULL CHECK (end_min > start_min)
) STRICT;
CREATE INDEX need_slots_need ON need_slots(need_id, start_min);

-- Confirmed shifts across every employer on the platform: what the working
-- time rules check. One row per person per slot; a slot holds at most the
-- need's headcount rows in status 'confirmed' or 'done' (checked in the
-- acceptance transaction).
CREATE TABLE assignments (
  id INTEGER PRIMARY KEY,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  need_id INTEGER NOT NULL REFERENCES needs(id),
  slot_id INTEGER NOT NULL REFERENCES need_slots(id),
  start_min INTEGER NOT NULL,
  end_min INTEGER NOT NULL CHECK (end_min > start_min),
  status TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled', 'no_show', 'done')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (slot_id, candidate_id)
) STRICT;
CREATE INDEX assignments_candidate ON assignments(candidate_id, start_min);
CREATE INDEX assignments_need ON assignments(need_id, status);

-- Generation of the candidates' matching data: bumped by every write to the
-- four candidate tables, whoever makes it (the app, an import, another
-- process on the same database). The ranking's in-memory index of candidates
-- (src/app/recruit/recruit_index.c) compares it with the generation it was
-- built at and catches up when they differ.
CREATE TABLE candidate_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  gen INTEGER NOT NULL
) STRICT;
INSERT INTO candidate_generation (id, gen) VALUES (1, 0);
CREATE TRIGGER candidates_gen_i AFTER INSERT ON candidates BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidates_gen_u AFTER UPDATE ON candidates BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidates_gen_d AFTER DELETE ON candidates BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_qualifications_gen_i AFTER INSERT ON candidate_qualifications BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_qualifications_gen_u AFTER UPDATE ON candidate_qualifications BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_qualifications_gen_d AFTER DELETE ON candidate_qualifications BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_availability_gen_i AFTER INSERT ON candidate_availability BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_availability_gen_u AFTER UPDATE ON candidate_availability BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_availability_gen_d AFTER DELETE ON candidate_availability BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_pools_gen_i AFTER INSERT ON candidate_pools BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_pools_gen_u AFTER UPDATE ON candidate_pools BEGIN UPDATE candidate_generation SET gen = gen + 1; END;
CREATE TRIGGER candidate_pools_gen_d AFTER DELETE ON candidate_pools BEGIN UPDATE candidate_generation SET gen = gen + 1; END;

-- Generation of `assignments` (bumped by every write to it): the index keeps
-- the set of candidates that have any row there and reloads it when this
-- moves, so that a ranking reads the assignments of those candidates only.
CREATE TABLE assignment_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  gen INTEGER NOT NULL
) STRICT;
INSERT INTO assignment_generation (id, gen) VALUES (1, 0);
CREATE TRIGGER assignments_gen_i AFTER INSERT ON assignments BEGIN UPDATE assignment_generation SET gen = gen + 1; END;
CREATE TRIGGER assignments_gen_u AFTER UPDATE ON assignments BEGIN UPDATE assignment_generation SET gen = gen + 1; END;
CREATE TRIGGER assignments_gen_d AFTER DELETE ON assignments BEGIN UPDATE assignment_generation SET gen = gen + 1; END;
