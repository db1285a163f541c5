-- Training (issue 12, "Places and sessions", "Apprenticeship", "Dropouts"):
-- institutes (IFSI, IFAS, IRTS, UFR, CFA...) with their UAI and, when the
-- institute is also a health establishment, the establishment (FINESS) it is;
-- capacity per programme, institute, year and route with the announced
-- increases; targets per programme and territory (increases split by
-- département, medicine intake targets); short qualifying sessions for job
-- seekers; apprenticeship contracts and their follow-up notes; cohorts and
-- dropouts by cause; the prevention actions of sheet 2.4; and the links that
-- make a training figure the measurement of a plan indicator. Programme codes
-- are the app's nomenclature (app/train/train_ref.c, data/ref/programmes.csv).

CREATE TABLE train_institutes (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind TEXT NOT NULL CHECK (kind IN ('ifsi', 'ifas', 'ifap', 'irts', 'ufr', 'cfa', 'other')),
  uai TEXT UNIQUE CHECK (uai IS NULL OR length(uai) = 8),       -- key checked by the app
  establishment_id INTEGER REFERENCES establishments(id),       -- its FINESS, when it is one
  departement TEXT NOT NULL REFERENCES territories(id),         -- DEP-xx
  org_id INTEGER REFERENCES organisations(id),                  -- whose institute accounts manage it
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX train_institutes_departement ON train_institutes(departement, name);
CREATE INDEX train_institutes_org ON train_institutes(org_id);

CREATE TABLE train_capacities (
  id INTEGER PRIMARY KEY,
  institute_id INTEGER NOT NULL REFERENCES train_institutes(id),
  programme TEXT NOT NULL CHECK (length(programme) BETWEEN 1 AND 16),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  route TEXT NOT NULL CHECK (route IN ('school', 'apprenticeship', 'further')),
  places INTEGER NOT NULL CHECK (places BETWEEN 0 AND 100000),
  increase INTEGER NOT NULL DEFAULT 0 CHECK (increase BETWEEN -100000 AND 100000), -- places added this year
  filled INTEGER CHECK (filled IS NULL OR filled BETWEEN 0 AND 100000),             -- entrants at intake
  note TEXT CHECK (note IS NULL OR length(note) <= 1000),
  source TEXT CHECK (source IS NULL OR length(source) <= 300),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (institute_id, programme, year, route)
) STRICT;
CREATE INDEX train_capacities_year ON train_capacities(year, programme);

CREATE TABLE train_targets (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('increase', 'intake', 'capacity')),
  programme TEXT NOT NULL CHECK (length(programme) BETWEEN 1 AND 16),
  territory_id TEXT NOT NULL REFERENCES territories(id),        -- REG-xx (announced) or DEP-xx (split)
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  route TEXT NOT NULL CHECK (route IN ('school', 'apprenticeship', 'further', 'all')),
  places INTEGER NOT NULL CHECK (places BETWEEN 0 AND 100000),
  note TEXT CHECK (note IS NULL OR length(note) <= 1000),
  source TEXT CHECK (source IS NULL OR length(source) <= 300),
  UNIQUE (kind, programme, territory_id, year, route)
) STRICT;

CREATE TABLE train_sessions (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 3000),
  audience TEXT NOT NULL CHECK (audience IN ('job_seekers', 'ash', 'employees', 'all')),
  departement TEXT NOT NULL REFERENCES territories(id),
  institute_id INTEGER REFERENCES train_institutes(id),         -- organiser, when an institute
  organiser TEXT CHECK (organiser IS NULL OR length(organiser) <= 200),
  starts_on TEXT NOT NULL,
  ends_on TEXT,
  places INTEGER NOT NULL CHECK (places BETWEEN 0 AND 100000),
  enrolled INTEGER NOT NULL DEFAULT 0 CHECK (enrolled BETWEEN 0 AND 100000),
  source TEXT CHECK (source IS NULL OR length(source) <= 300)
) STRICT;
CREATE INDEX train_sessions_start ON train_sessions(starts_on);

-- Apprentices are persons: their name is read only by the roles that follow
-- contracts (permission train.apprentice); everything else is counted.
CREATE TABLE train_apprentices (
  id INTEGER PRIMARY KEY,
  apprentice_name TEXT NOT NULL CHECK (length(apprentice_name) BETWEEN 1 AND 200),
  programme TEXT NOT NULL CHECK (length(programme) BETWEEN 1 AND 16),
  institute_id INTEGER NOT NULL REFERENCES train_institutes(id), -- the CFA or institute
  employer_id INTEGER REFERENCES establishments(id),
  employer_name TEXT NOT NULL CHECK (length(employer_name) BETWEEN 1 AND 200),
  master_name TEXT NOT NULL CHECK (length(master_name) BETWEEN 1 AND 200),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  master_aid_cents INTEGER CHECK (master_aid_cents IS NULL OR master_aid_cents BETWEEN 0 AND 100000000),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'broken')),
  diploma_on TEXT,
  employment TEXT NOT NULL DEFAULT 'unknown'
    CHECK (employment IN ('unknown', 'same_employer', 'region', 'elsewhere', 'not_employed', 'studying')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX train_apprentices_institute ON train_apprentices(institute_id);

CREATE TABLE train_apprentice_notes (
  id INTEGER PRIMARY KEY,
  apprentice_id INTEGER NOT NULL REFERENCES train_apprentices(id),
  noted_on TEXT NOT NULL,
  text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  author_id INTEGER REFERENCES users(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX train_apprentice_notes_apprentice ON train_apprentice_notes(apprentice_id);

-- Students enrolled in a year of study (the denominator of the dropout rate)
-- and the dropouts of that cohort by cause.
CREATE TABLE train_cohorts (
  id INTEGER PRIMARY KEY,
  institute_id INTEGER NOT NULL REFERENCES train_institutes(id),
  programme TEXT NOT NULL CHECK (length(programme) BETWEEN 1 AND 16),
  year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  study_year INTEGER NOT NULL CHECK (study_year BETWEEN 1 AND 9),
  enrolled INTEGER NOT NULL CHECK (enrolled BETWEEN 0 AND 100000),
  UNIQUE (institute_id, programme, year, study_year)
) STRICT;

CREATE TABLE train_dropouts (
  id INTEGER PRIMARY KEY,
  cohort_id INTEGER NOT NULL REFERENCES train_cohorts(id),
  cause TEXT NOT NULL CHECK (cause IN ('internship', 'financial', 'health', 'orientation', 'family', 'other')),
  internship INTEGER NOT NULL CHECK (internship IN (0, 1)),     -- an internship was involved
  dropouts INTEGER NOT NULL CHECK (dropouts BETWEEN 0 AND 100000),
  UNIQUE (cohort_id, cause, internship)
) STRICT;

CREATE TABLE train_actions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('qualitative_study', 'candidate_project', 'immersion_days', 'vap_vae', 'other')),
  title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  institute_id INTEGER REFERENCES train_institutes(id),
  territory_id TEXT REFERENCES territories(id),
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')),
  starts_on TEXT,
  ends_on TEXT,
  participants INTEGER CHECK (participants IS NULL OR participants BETWEEN 0 AND 1000000),
  results TEXT CHECK (results IS NULL OR length(results) <= 2000),
  source TEXT CHECK (source IS NULL OR length(source) <= 300),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- A plan indicator fed by a training figure (app/train/train_measure.c).
CREATE TABLE train_links (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL UNIQUE REFERENCES indicators(id) ON DELETE CASCADE,
  metric TEXT NOT NULL CHECK (metric IN ('capacity_places', 'capacity_increase', 'capacity_fill', 'session_places',
                                         'session_enrolled', 'session_fill', 'dropout_rate', 'apprentices')),
  programme TEXT CHECK (programme IS NULL OR length(programme) BETWEEN 1 AND 16),
  route TEXT CHECK (route IS NULL OR route IN ('school', 'apprenticeship', 'further')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
