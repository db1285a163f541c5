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
  long_title TEXT,
  axis_label TEXT,                            -- "axe" (default) or "levier" (Bretagne)
  start_year INTEGER CHECK (start_year IS NULL OR start_year BETWEEN 1990 AND 2100),  -- NULL: not stated
  end_year INTEGER CHECK (end_year IS NULL OR (end_year BETWEEN 1990 AND 2100 AND end_year >= coalesce(start_year, 1990))),
  period_source TEXT,
  contributions_email TEXT,                   -- where partners send suggestions
  contributions_source TEXT,
  -- Bumped by every write to the plan or anything in it, in the same
  -- transaction: caches of computed views (dashboard) are keyed by it, and
  -- being in the database, several servers agree on it.
  generation INTEGER NOT NULL DEFAULT 0,
  launched_on TEXT,
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  owner_org_id INTEGER REFERENCES organisations(id),
  source TEXT,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- The départements a plan covers (expected territories of territorial indicators).
CREATE TABLE plan_territories (
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  territory_id TEXT NOT NULL REFERENCES territories(id),
  PRIMARY KEY (plan_id, territory_id)
) STRICT;

CREATE TABLE plan_axes (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  kind TEXT NOT NULL DEFAULT 'axis' CHECK (kind IN ('axis', 'lever')),
  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),
  position INTEGER NOT NULL DEFAULT 0,
  note TEXT,
  source TEXT,
  UNIQUE (plan_id, number)
) STRICT;

CREATE TABLE plan_actions (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  axis_id INTEGER REFERENCES plan_axes(id),
  number TEXT NOT NULL,
  number_in_source INTEGER NOT NULL DEFAULT 1,  -- 0: numbered by us, not by the source
  title TEXT NOT NULL,
  objective TEXT,
  description TEXT,
  project_support TEXT,
  refs TEXT,
  status TEXT NOT NULL DEFAULT 'a_venir'
    CHECK (status IN ('a_venir', 'en_cours', 'realise', 'en_retard', 'bloque', 'abandonne')),
  status_known INTEGER NOT NULL DEFAULT 0,    -- 0: no source states the status yet
  weight REAL NOT NULL DEFAULT 1 CHECK (weight >= 0),
  position INTEGER NOT NULL DEFAULT 0,
  note TEXT,
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
  note TEXT,
  source TEXT,
  position INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX indicators_action ON indicators(action_id);

-- Expected territories of an indicator broken down by département (when
-- absent: the plan's départements).
CREATE TABLE indicator_territories (
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  territory_id TEXT NOT NULL REFERENCES territories(id),
  PRIMARY KEY (indicator_id, territory_id)
) STRICT;

-- Baselines and targets, versioned: a revision is a new row with replaces_id
-- set and the decision that made it; the old row stays.
CREATE TABLE indicator_targets (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  territory_id TEXT NOT NULL REFERENCES territories(id),
  kind TEXT NOT NULL CHECK (kind IN ('baseline', 'intermediate', 'final')),
  due_on TEXT,
  value REAL NOT NULL,
  value_high REAL,                            -- a range "40/50": value is the low end
  qualifier TEXT CHECK (qualifier IS NULL OR qualifier IN ('at_least', 'about', 'at_most')),
  note TEXT,                                  -- how a derived figure was computed
  replaces_id INTEGER REFERENCES indicator_targets(id),
  decision_id INTEGER REFERENCES decisions(id),
  source TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX indicator_targets_indicator ON indicator_targets(indicator_id);
CREATE UNIQUE INDEX indicator_targets_one_successor ON indicator_targets(replaces_id) WHERE replaces_id IS NOT NULL;
CREATE TRIGGER indicator_targets_no_update BEFORE UPDATE ON indicator_targets
BEGIN SELECT RAISE(ABORT, 'targets are versioned: insert a revision'); END;

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
  qualifier TEXT CHECK (qualifier IS NULL OR qualifier IN ('at_least', 'about', 'at_most')),
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
-- One review per measurement: a rejected value is corrected by proposing a new one.
CREATE UNIQUE INDEX measurement_reviews_measurement ON measurement_reviews(measurement_id);
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
  action_id INTEGER REFERENCES plan_actions(id),
  territory_id TEXT REFERENCES territories(id),
  frequency TEXT,
  meetings_per_year INTEGER,
  established TEXT,
  planned INTEGER NOT NULL DEFAULT 0,         -- 1: announced, not yet set up
  note TEXT,
  source TEXT
) STRICT;
CREATE INDEX gov_bodies_plan ON gov_bodies(plan_id);

CREATE TABLE gov_body_pilots (
  body_id INTEGER NOT NULL REFERENCES gov_bodies(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (body_id, org_id)
) STRICT;

CREATE TABLE gov_meetings (
  id INTEGER PRIMARY KEY,
  body_id INTEGER NOT NULL REFERENCES gov_bodies(id) ON DELETE CASCADE,
  held_on TEXT NOT NULL,
  title TEXT NOT NULL,
  place TEXT,
  minutes TEXT,
  attendees_text TEXT,
  source TEXT
) STRICT;
CREATE INDEX gov_meetings_body ON gov_meetings(body_id, held_on);

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

-- Money: budget lines per plan (and action when the source names one), funder
-- (NULL: not stated) and years (a line may cover several years; NULL: not
-- stated). Amounts are in euro cents; NULL means unknown, not zero.
-- Versioned and append-only: a revision or a withdrawal is a new row with
-- replaces_id set (and the decision that made it); the current lines are those
-- no row replaces, minus withdrawn ones.
CREATE TABLE budget_lines (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  action_id INTEGER REFERENCES plan_actions(id) ON DELETE CASCADE,
  funder_org_id INTEGER REFERENCES organisations(id),
  fund TEXT,                                  -- e.g. FIR, crédits État
  year_from INTEGER CHECK (year_from IS NULL OR year_from BETWEEN 1990 AND 2100),
  year_to INTEGER CHECK (year_to IS NULL OR (year_to BETWEEN 1990 AND 2100 AND year_to >= coalesce(year_from, 1990))),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 500),
  planned_cents INTEGER CHECK (planned_cents IS NULL OR planned_cents >= 0),
  committed_cents INTEGER CHECK (committed_cents IS NULL OR committed_cents >= 0),
  paid_cents INTEGER CHECK (paid_cents IS NULL OR paid_cents >= 0),
  unit_cents INTEGER CHECK (unit_cents IS NULL OR unit_cents >= 0),
  unit TEXT,                                  -- what one unit is ("contrat PEC")
  quantity REAL CHECK (quantity IS NULL OR quantity >= 0),
  qualifier TEXT CHECK (qualifier IS NULL OR qualifier IN ('at_least', 'about', 'at_most')),
  note TEXT,
  withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1)),
  replaces_id INTEGER REFERENCES budget_lines(id),
  decision_id INTEGER REFERENCES decisions(id),
  source TEXT,
  created_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX budget_lines_plan ON budget_lines(plan_id);
CREATE INDEX budget_lines_action ON budget_lines(action_id);
CREATE UNIQUE INDEX budget_lines_one_successor ON budget_lines(replaces_id) WHERE replaces_id IS NOT NULL;
CREATE TRIGGER budget_lines_no_update BEFORE UPDATE ON budget_lines
BEGIN SELECT RAISE(ABORT, 'budget lines are versioned: insert a revision'); END;

-- Context figures (plan, axis or action level) that are not indicator values:
-- the Ségur credits, regional workforce counts, a scheme's scale.
CREATE TABLE plan_figures (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  axis_id INTEGER REFERENCES plan_axes(id) ON DELETE CASCADE,
  action_id INTEGER REFERENCES plan_actions(id) ON DELETE CASCADE,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  value REAL NOT NULL,
  value_high REAL,
  unit TEXT NOT NULL DEFAULT '',
  value_on TEXT,
  period_from TEXT,
  period_to TEXT,
  territory_id TEXT REFERENCES territories(id),
  qualifier TEXT CHECK (qualifier IS NULL OR qualifier IN ('at_least', 'about', 'at_most')),
  note TEXT,
  source TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (plan_id, code)
) STRICT;

-- Texts attached to a plan, an axis or an action: objectives, priorities,
-- commitments, achievements, target publics, context.
CREATE TABLE plan_texts (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
  axis_id INTEGER REFERENCES plan_axes(id) ON DELETE CASCADE,
  action_id INTEGER REFERENCES plan_actions(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('objective', 'priority', 'commitment', 'achievement', 'public', 'context', 'reference')),
  text TEXT NOT NULL,
  by_org_id INTEGER REFERENCES organisations(id),
  year INTEGER,
  on_date TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  source TEXT
) STRICT;
CREATE INDEX plan_texts_plan ON plan_texts(plan_id);

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
