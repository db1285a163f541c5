-- Allocation campaigns (issue 4, "In the platform"): a regional campaign of
-- posts and candidates, the candidates' ordered wishes, the sites' rankings
-- of candidates (deferred acceptance) and every engine run (simulation
-- rounds, then one final run) with its bundle, hash and result. All STRICT.

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  -- interns: semester choice by rank (serial dictatorship);
  -- junior_doctors: both sides rank (deferred acceptance, candidates proposing)
  kind TEXT NOT NULL CHECK (kind IN ('interns', 'junior_doctors')),
  region TEXT NOT NULL REFERENCES territories(id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- draft: staff prepares; wishes: candidates order wishes, sites rank;
  -- simulation: provisional results published, wishes still open;
  -- final: final run done, frozen; closed: archived
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'wishes', 'simulation', 'final', 'closed')),
  seed INTEGER NOT NULL DEFAULT 0 CHECK (seed BETWEEN 0 AND 9007199254740991),
  tie_break TEXT NOT NULL DEFAULT 'plam-alloc-lottery-v1' CHECK (tie_break IN ('plam-alloc-lottery-v1')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE campaign_posts (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 32),   -- id in the engine bundle
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  org_id INTEGER NOT NULL REFERENCES organisations(id),        -- the site
  specialty TEXT NOT NULL DEFAULT '' CHECK (length(specialty) <= 100),
  territory_id TEXT NOT NULL REFERENCES territories(id),      -- DEP-xx
  fragile INTEGER NOT NULL DEFAULT 0 CHECK (fragile IN (0, 1)),
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 1000),
  -- seats given first to candidates of the subdivision (soft reserve)
  reserved_seats INTEGER NOT NULL DEFAULT 0 CHECK (reserved_seats >= 0 AND reserved_seats <= capacity),
  cesp_only INTEGER NOT NULL DEFAULT 0 CHECK (cesp_only IN (0, 1)),
  UNIQUE (campaign_id, code)
) STRICT;
CREATE INDEX campaign_posts_org ON campaign_posts(org_id);

CREATE TABLE campaign_candidates (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  user_id INTEGER REFERENCES users(id),                        -- the candidate's account
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  rank INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 1000000000),
  seniority INTEGER NOT NULL DEFAULT 0 CHECK (seniority BETWEEN 0 AND 1000),
  cesp INTEGER NOT NULL DEFAULT 0 CHECK (cesp IN (0, 1)),
  subdivision INTEGER NOT NULL DEFAULT 1 CHECK (subdivision IN (0, 1)),
  UNIQUE (campaign_id, user_id)
) STRICT;
CREATE INDEX campaign_candidates_user ON campaign_candidates(user_id);

-- Ordered wishes of one candidate (position 1 = best).
CREATE TABLE campaign_wishes (
  candidate_id INTEGER NOT NULL REFERENCES campaign_candidates(id),
  position INTEGER NOT NULL CHECK (position >= 1),
  post_id INTEGER NOT NULL REFERENCES campaign_posts(id),
  PRIMARY KEY (candidate_id, position),
  UNIQUE (candidate_id, post_id)
) STRICT, WITHOUT ROWID;

-- A post's ranking of candidates (deferred acceptance; position 1 = best).
CREATE TABLE campaign_rankings (
  post_id INTEGER NOT NULL REFERENCES campaign_posts(id),
  position INTEGER NOT NULL CHECK (position >= 1),
  candidate_id INTEGER NOT NULL REFERENCES campaign_candidates(id),
  PRIMARY KEY (post_id, position),
  UNIQUE (post_id, candidate_id)
) STRICT, WITHOUT ROWID;

-- Engine runs: the exact bundle bytes, their SHA-256, the engine version and
-- the result document, so any run can be replayed with `plam allocate`.
CREATE TABLE campaign_runs (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  round TEXT NOT NULL CHECK (round IN ('simulation', 'final')),
  bundle TEXT NOT NULL,
  bundle_sha256 TEXT NOT NULL CHECK (length(bundle_sha256) = 64),
  engine_version TEXT NOT NULL,
  result TEXT NOT NULL,
  check_ok INTEGER NOT NULL CHECK (check_ok IN (0, 1)),
  candidates INTEGER NOT NULL,
  assigned INTEGER NOT NULL,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX campaign_runs_campaign ON campaign_runs(campaign_id, id);
CREATE UNIQUE INDEX campaign_runs_one_final ON campaign_runs(campaign_id) WHERE round = 'final';
