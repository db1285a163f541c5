-- Internship sites, interns' evaluations, alerts and the yearly review
-- (issue 12). A site is a unit or service of an establishment (0013) that
-- hosts interns: capacity per semester, accreditation dates and a status
-- changed only by reasoned decisions (intern_site_decisions keeps who, when,
-- why). Semesters are named by their first month, 'YYYY-11' (winter, November
-- to April) or 'YYYY-05' (summer, May to October); the university year
-- 'YYYY-YYYY+1' holds YYYY-11 and YYYY+1-05. Evaluations never carry the
-- respondent's identity out of these tables: author_id only lets an intern
-- see and not repeat their own answer; views show aggregates (>= 5
-- respondents, docs/ARCHITECTURE.md). Optional texts are NULL when empty
-- (the store's generic binder). All STRICT.

CREATE TABLE intern_sites (
  id INTEGER PRIMARY KEY,
  establishment_id INTEGER NOT NULL REFERENCES establishments(id),
  unit_id INTEGER REFERENCES establishment_units(id),
  label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  programme TEXT NOT NULL CHECK (programme IN ('medicine', 'pharmacy', 'odontology', 'midwifery', 'ipa', 'nursing',
                                               'other')),
  specialty TEXT CHECK (length(specialty) <= 100),
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 0 AND 1000),      -- interns per semester
  chu INTEGER NOT NULL DEFAULT 0 CHECK (chu IN (0, 1)),
  accredited_from TEXT NOT NULL CHECK (length(accredited_from) = 10),
  accredited_to TEXT NOT NULL CHECK (length(accredited_to) = 10),
  status TEXT NOT NULL DEFAULT 'accredited' CHECK (status IN ('accredited', 'suspended', 'withdrawn')),
  dropouts INTEGER NOT NULL DEFAULT 0 CHECK (dropouts BETWEEN 0 AND 100000), -- linked dropouts, current year
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK (accredited_from <= accredited_to)
) STRICT;
CREATE INDEX intern_sites_establishment ON intern_sites(establishment_id);

-- Reasoned decisions on a site's accreditation (its history).
CREATE TABLE intern_site_decisions (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES intern_sites(id),
  decision TEXT NOT NULL CHECK (decision IN ('accredit', 'suspend', 'withdraw', 'reinstate')),
  decided_on TEXT NOT NULL CHECK (length(decided_on) = 10),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  review_id INTEGER,                                                    -- the yearly review that decided it
  decided_by INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX intern_site_decisions_site ON intern_site_decisions(site_id, id);

-- Who was on which site in which semester (an intern evaluates only those).
-- (a rowid table: SQLite 3.40's integrity_check misreports NOT NULL columns
-- of a WITHOUT ROWID table whose key is not its first columns)
CREATE TABLE intern_assignments (
  site_id INTEGER NOT NULL REFERENCES intern_sites(id),
  semester TEXT NOT NULL CHECK (length(semester) = 7),
  user_id INTEGER NOT NULL REFERENCES users(id),
  PRIMARY KEY (user_id, semester)
) STRICT;

-- Semesters whose collection is closed: answers (grid or OPPI) are refused
-- after, and results are published only for closed semesters, so that a
-- published figure never changes (no subtraction across time).
CREATE TABLE intern_semesters (
  semester TEXT PRIMARY KEY CHECK (length(semester) = 7),
  closed_by INTEGER REFERENCES users(id),
  closed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- The sums of each (site, semester) frozen when the semester's collection
-- closes: what the results views publish (never single answers), read
-- without going back to the answers.
CREATE TABLE intern_cells (
  site_id INTEGER NOT NULL REFERENCES intern_sites(id),
  semester TEXT NOT NULL REFERENCES intern_semesters(semester),
  n INTEGER NOT NULL,
  sum_supervision INTEGER NOT NULL,
  no_supervisor INTEGER NOT NULL,
  sum_conditions INTEGER NOT NULL,
  sum_hours INTEGER NOT NULL,
  nights INTEGER NOT NULL,
  rest_not_taken INTEGER NOT NULL,
  sum_training INTEGER NOT NULL,
  sum_non_medical INTEGER NOT NULL,
  sum_respect INTEGER NOT NULL,
  harassment INTEGER NOT NULL,
  PRIMARY KEY (site_id, semester)
) STRICT, WITHOUT ROWID;

-- One answer of the grid (source plam) or one row of an OPPI export.
-- Scales 1..4 (1 = very poor, 4 = very good); supervision 0 = no supervisor.
CREATE TABLE intern_evaluations (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES intern_sites(id),
  semester TEXT NOT NULL CHECK (length(semester) = 7),
  source TEXT NOT NULL CHECK (source IN ('plam', 'oppi')),
  author_id INTEGER REFERENCES users(id),                                -- plam only; never shown
  oppi_ref TEXT CHECK (oppi_ref IS NULL OR length(oppi_ref) BETWEEN 1 AND 64),
  supervision INTEGER NOT NULL CHECK (supervision BETWEEN 0 AND 4),
  conditions INTEGER NOT NULL CHECK (conditions BETWEEN 1 AND 4),
  hours INTEGER NOT NULL CHECK (hours BETWEEN 0 AND 120),
  rest_taken INTEGER NOT NULL CHECK (rest_taken IN (0, 1, 2)),            -- 2: no night shift
  training_half_days INTEGER NOT NULL CHECK (training_half_days BETWEEN 0 AND 10),
  non_medical INTEGER NOT NULL CHECK (non_medical BETWEEN 1 AND 4),       -- 1 never .. 4 most of the time
  respect INTEGER NOT NULL CHECK (respect BETWEEN 1 AND 4),
  harassment INTEGER NOT NULL CHECK (harassment IN (0, 1)),
  comment TEXT CHECK (length(comment) <= 2000),
  comment_status TEXT NOT NULL DEFAULT 'none' CHECK (comment_status IN ('none', 'pending', 'approved', 'rejected')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (site_id, semester, author_id),
  UNIQUE (oppi_ref)
) STRICT;
CREATE INDEX intern_evaluations_site ON intern_evaluations(site_id, semester);
CREATE INDEX intern_evaluations_moderation ON intern_evaluations(comment_status) WHERE comment_status = 'pending';
CREATE INDEX intern_evaluations_comments ON intern_evaluations(site_id, semester) WHERE comment_status = 'approved';

-- Alert rules and their thresholds, edited by staff. authority: who is told
-- at once (harassment); owner_id: the account that owns the alerts raised.
CREATE TABLE intern_alert_rules (
  code TEXT PRIMARY KEY CHECK (code IN ('harassment', 'hours', 'rest', 'supervision', 'dropouts')),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  threshold REAL NOT NULL CHECK (threshold BETWEEN 0 AND 1000),
  authority TEXT CHECK (length(authority) <= 200),
  owner_id INTEGER REFERENCES users(id),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
INSERT INTO intern_alert_rules(code, threshold, authority) VALUES
  ('harassment', 0, 'Directeur général de l''ARS (cellule signalements)'),
  ('hours', 48, ''), ('rest', 0, ''), ('supervision', 0, ''), ('dropouts', 2, '');

-- An alert of one rule on one site for one period (a semester, or a
-- university year for dropouts), its owner, status and actions.
CREATE TABLE intern_alerts (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES intern_sites(id),
  rule TEXT NOT NULL REFERENCES intern_alert_rules(code),
  period TEXT NOT NULL CHECK (length(period) BETWEEN 7 AND 9),
  value REAL NOT NULL,
  respondents INTEGER NOT NULL DEFAULT 0,
  authority TEXT CHECK (length(authority) <= 200),
  owner_id INTEGER REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'closed')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (site_id, rule, period)
) STRICT;
CREATE INDEX intern_alerts_status ON intern_alerts(status, site_id);

CREATE TABLE intern_alert_actions (
  id INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES intern_alerts(id),
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'closed')),
  note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 2000),
  author_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX intern_alert_actions_alert ON intern_alert_actions(alert_id, id);

-- The yearly review of a site ('YYYY-YYYY' university year).
CREATE TABLE intern_reviews (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES intern_sites(id),
  year TEXT NOT NULL CHECK (length(year) = 9),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  conclusion TEXT CHECK (length(conclusion) <= 2000),
  decision TEXT NOT NULL DEFAULT 'none' CHECK (decision IN ('none', 'suspend', 'withdraw')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (site_id, year)
) STRICT;

-- Tracked actions: corrective actions of a review, and programmes (the
-- interns' working-life pilot of sheet 2.5) with their results; shared = 1
-- when the results are shared with the interns' representatives.
CREATE TABLE intern_actions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('corrective', 'programme')),
  review_id INTEGER REFERENCES intern_reviews(id),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  owner TEXT CHECK (length(owner) <= 200),
  due_on TEXT CHECK (length(due_on) = 10),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  follow_up TEXT CHECK (length(follow_up) <= 2000),
  results TEXT CHECK (length(results) <= 2000),
  shared INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK ((kind = 'corrective') = (review_id IS NOT NULL))
) STRICT;
CREATE INDEX intern_actions_review ON intern_actions(review_id);
