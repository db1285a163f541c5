-- Plan steering (issue 3): plans, axes, numbered actions, their organisations
-- and roadmap, indicators with versioned baselines/targets, append-only
-- measurements and reviews, weather, budget lines, governance bodies,
-- meetings, decisions, contributions. Every figure taken from a document
-- records its source. Revisions keep both versions: a new row points to the
-- row it replaces and to the decision that made it.

CREATE TABLE plans (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND length(slug) BETWEEN 2 AND 64),
  region_id TEXT NOT NULL REFERENCES territories(id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  short_title TEXT,
  summary TEXT,
  start_year INTEGER NOT NULL CHECK (start_year BETWEEN 1990 AND 2100),
  end_year INTEGER NOT NULL CHECK (end_year >= start_year AND end_year <= 2100),
  launched_on TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  owner_org_id INTEGER REFERENCES organisations(id),
  source TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE plan_axes (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),
  position INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  UNIQUE (plan_id, number)
) STRICT;

CREATE TABLE plan_actions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  axis_id INTEGER REFERENCES plan_axes(id),
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  objective TEXT,
  description TEXT,
  project_support TEXT,
  refs TEXT,
  status TEXT NOT NULL DEFAULT 'a_venir'
    CHECK (status IN ('a_venir', 'en_cours', 'realise', 'en_retard', 'bloque', 'abandonne')),
  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),
  position INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (plan_id, number)
) STRICT;
CREATE INDEX plan_actions_axis ON plan_actions(axis_id);

-- Organisations with a role in an action (or, action_id NULL, in the plan).
CREATE TABLE plan_partners (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  action_id INTEGER REFERENCES plan_actions(id) ON DELETE CASCADE,
  axis_id INTEGER REFERENCES plan_axes(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  role TEXT NOT NULL CHECK (role IN ('pilot', 'copilot', 'actor', 'funder', 'support', 'participant')),
  person TEXT,
  source TEXT,
  UNIQUE (plan_id, action_id, axis_id, org_id, role)
) STRICT;
CREATE INDEX plan_partners_action ON plan_partners(action_id);
CREATE INDEX plan_partners_org ON plan_partners(org_id);

CREATE TABLE roadmap_items (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  due_on TEXT,
  done_on TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  source TEXT
) STRICT;
CREATE INDEX roadmap_items_action ON roadmap_items(action_id);

CREATE TABLE indicators (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  definition TEXT,
  unit TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('count', 'percent', 'amount', 'ratio')),
  direction TEXT NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),
  accumulation TEXT NOT NULL DEFAULT 'level' CHECK (accumulation IN ('level', 'per_period', 'cumulative')),
  aggregation TEXT NOT NULL DEFAULT 'sum' CHECK (aggregation IN ('sum', 'ratio')),
  ratio_scale REAL NOT NULL DEFAULT 1 CHECK (ratio_scale > 0),
  frequency TEXT NOT NULL DEFAULT 'yearly'
    CHECK (frequency IN ('none', 'monthly', 'quarterly', 'half_yearly', 'yearly')),
  scope_id TEXT NOT NULL REFERENCES territories(id),  -- where targets apply (usually the région)
  breakdown TEXT NOT NULL DEFAULT 'scope' CHECK (breakdown IN ('scope', 'departement')),
  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),
  source TEXT,
  position INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX indicators_action ON indicators(action_id);

-- Baselines and targets, versioned: a revision is a new row with replaces_id
-- set and the decision that made it; the old row stays.
CREATE TABLE indicator_targets (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  territory_id TEXT NOT NULL REFERENCES territories(id),
  kind TEXT NOT NULL CHECK (kind IN ('baseline', 'intermediate', 'final')),
  due_on TEXT,
  value REAL NOT NULL,
  replaces_id INTEGER REFERENCES indicator_targets(id),
  decision_id INTEGER REFERENCES decisions(id),
  source TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX indicator_targets_indicator ON indicator_targets(indicator_id);
CREATE UNIQUE INDEX indicator_targets_one_successor ON indicator_targets(replaces_id) WHERE replaces_id IS NOT NULL;

-- Measurements: append-only, one row per value. Their review (validated or
-- rejected with a reason) is a separate append-only row.
CREATE TABLE measurements (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  territory_id TEXT NOT NULL REFERENCES territories(id),
  value_on TEXT NOT NULL,                     -- end of the period the value covers
  value REAL,
  numerator REAL,
  denominator REAL,
  source TEXT,
  comment TEXT,
  author_id INTEGER REFERENCES users(id),
  batch TEXT,                                 -- import or workbook that brought it
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (value IS NOT NULL OR (numerator IS NOT NULL AND denominator IS NOT NULL))
) STRICT;
CREATE INDEX measurements_indicator ON measurements(indicator_id, territory_id, value_on);
CREATE TRIGGER measurements_no_update BEFORE UPDATE ON measurements
BEGIN SELECT RAISE(ABORT, 'measurements are append-only'); END;

CREATE TABLE measurement_reviews (
  id INTEGER PRIMARY KEY,
  measurement_id INTEGER NOT NULL REFERENCES measurements(id) ON DELETE CASCADE,
  decision TEXT NOT NULL CHECK (decision IN ('validated', 'rejected')),
  reason TEXT,
  reviewer_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (decision = 'validated' OR length(coalesce(reason, '')) > 0)
) STRICT;
CREATE INDEX measurement_reviews_measurement ON measurement_reviews(measurement_id);
CREATE TRIGGER measurement_reviews_no_update BEFORE UPDATE ON measurement_reviews
BEGIN SELECT RAISE(ABORT, 'measurement reviews are append-only'); END;

-- "Météo": a dated human judgement per action, distinct from computed progress.
CREATE TABLE action_weather (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
  judged_on TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('securises', 'atteignables', 'appuis_necessaires', 'compromis')),
  comment TEXT,
  author_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE INDEX action_weather_action ON action_weather(action_id, judged_on);

-- Governance.
CREATE TABLE gov_bodies (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('copil', 'technical', 'territorial', 'followup', 'conference', 'other')),
  name TEXT NOT NULL,
  axis_id INTEGER REFERENCES plan_axes(id),
  territory_id TEXT REFERENCES territories(id),
  frequency TEXT,
  source TEXT
) STRICT;

CREATE TABLE gov_meetings (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES gov_bodies(id) ON DELETE CASCADE,
  held_on TEXT NOT NULL,
  title TEXT NOT NULL,
  place TEXT,
  minutes TEXT,
  source TEXT
) STRICT;

CREATE TABLE gov_attendees (
  meeting_id INTEGER NOT NULL REFERENCES gov_meetings(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  person TEXT,
  PRIMARY KEY (meeting_id, org_id)
) STRICT;

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  meeting_id INTEGER REFERENCES gov_meetings(id),
  text TEXT NOT NULL,
  owner_org_id INTEGER REFERENCES organisations(id),
  owner_person TEXT,
  due_on TEXT,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
  source TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- Money: budget lines per action, funder and year; versioned like targets.
CREATE TABLE budget_lines (
  id INTEGER PRIMARY KEY,
  action_id INTEGER NOT NULL REFERENCES plan_actions(id) ON DELETE CASCADE,
  funder_org_id INTEGER NOT NULL REFERENCES organisations(id),
  fund TEXT,                                  -- e.g. FIR, crédits État
  year INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100),
  label TEXT NOT NULL,
  planned REAL NOT NULL DEFAULT 0 CHECK (planned >= 0),
  committed REAL NOT NULL DEFAULT 0 CHECK (committed >= 0),
  paid REAL NOT NULL DEFAULT 0 CHECK (paid >= 0),
  unit_amount REAL CHECK (unit_amount IS NULL OR unit_amount >= 0),
  quantity REAL CHECK (quantity IS NULL OR quantity >= 0),
  replaces_id INTEGER REFERENCES budget_lines(id),
  decision_id INTEGER REFERENCES decisions(id),
  source TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX budget_lines_action ON budget_lines(action_id);
CREATE UNIQUE INDEX budget_lines_one_successor ON budget_lines(replaces_id) WHERE replaces_id IS NOT NULL;

-- Contributions: suggestions and comments from partners; staff answer them.
CREATE TABLE contributions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  action_id INTEGER REFERENCES plan_actions(id) ON DELETE CASCADE,
  author_id INTEGER REFERENCES users(id),
  org_id INTEGER REFERENCES organisations(id),
  kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'comment', 'question')),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  answer TEXT,
  answered_by INTEGER REFERENCES users(id),
  answered_at TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX contributions_plan ON contributions(plan_id, action_id);
