-- plam: foreign_keys=OFF
-- Training's dropouts name the internship site involved (issue 12, session
-- 10). A dropout line may now name the site (intern_sites) where the
-- internship that led to it took place; the site's dropout figure is read
-- from these lines (view train_site_dropouts) and intern_sites loses its own
-- hand-kept count: one source. The count each site held is carried over as a
-- line with the cause 'internship', no cohort (the institute and programme
-- were never recorded) and the rentrée year of the current university year
-- (which starts in November); staff complete it by hand. A line without
-- cohort counts for its site, never for a training rate. Lines also get a
-- note and updated_at (hand corrections; their history is the audit trail),
-- and train_links a metric for the number of internship sites under alert.
-- SQLite cannot alter a CHECK or a UNIQUE: both tables are rebuilt (foreign
-- keys off, checked after).

CREATE TABLE train_dropouts_new (
  id INTEGER PRIMARY KEY,
  cohort_id INTEGER REFERENCES train_cohorts(id),               -- NULL: carried over from a site, to complete
  year INTEGER CHECK (year IS NULL OR year BETWEEN 2000 AND 2100), -- rentrée year of a line without cohort
  cause TEXT NOT NULL CHECK (cause IN ('internship', 'financial', 'health', 'orientation', 'family', 'other')),
  internship INTEGER NOT NULL CHECK (internship IN (0, 1)),     -- an internship was involved
  site_id INTEGER REFERENCES intern_sites(id),                  -- the internship site involved, when known
  dropouts INTEGER NOT NULL CHECK (dropouts BETWEEN 0 AND 100000),
  note TEXT CHECK (note IS NULL OR length(note) <= 1000),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  CHECK ((cohort_id IS NULL) = (year IS NOT NULL)),
  CHECK (site_id IS NULL OR internship = 1)
) STRICT;
INSERT INTO train_dropouts_new(id, cohort_id, cause, internship, dropouts)
  SELECT id, cohort_id, cause, internship, dropouts FROM train_dropouts;
DROP TABLE train_dropouts;
ALTER TABLE train_dropouts_new RENAME TO train_dropouts;
CREATE UNIQUE INDEX train_dropouts_key
  ON train_dropouts(coalesce(cohort_id, 0), coalesce(year, 0), cause, internship, coalesce(site_id, 0));
CREATE INDEX train_dropouts_site ON train_dropouts(site_id) WHERE site_id IS NOT NULL;

INSERT INTO train_dropouts(cohort_id, year, cause, internship, site_id, dropouts, note)
  SELECT NULL, CAST(strftime('%Y', 'now') AS INTEGER) - (CAST(strftime('%m', 'now') AS INTEGER) < 11), 'internship',
         1, id, dropouts, 'Repris du compteur du terrain de stage (migration 0022) : institut et formation à compléter'
  FROM intern_sites WHERE dropouts > 0;
ALTER TABLE intern_sites DROP COLUMN dropouts;

-- A site's dropouts per rentrée year (the university year YYYY-YYYY+1).
CREATE VIEW train_site_dropouts AS
  SELECT x.site_id AS site_id, coalesce(c.year, x.year) AS year, sum(x.dropouts) AS dropouts
  FROM train_dropouts x LEFT JOIN train_cohorts c ON c.id = x.cohort_id
  WHERE x.site_id IS NOT NULL GROUP BY x.site_id, coalesce(c.year, x.year);

CREATE TABLE train_links_new (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL UNIQUE REFERENCES indicators(id) ON DELETE CASCADE,
  metric TEXT NOT NULL CHECK (metric IN ('capacity_places', 'capacity_increase', 'capacity_fill', 'session_places',
                                         'session_enrolled', 'session_fill', 'dropout_rate', 'apprentices',
                                         'sites_under_alert')),
  programme TEXT CHECK (programme IS NULL OR length(programme) BETWEEN 1 AND 16),
  route TEXT CHECK (route IS NULL OR route IN ('school', 'apprenticeship', 'further')),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
INSERT INTO train_links_new SELECT id, indicator_id, metric, programme, route, created_at FROM train_links;
DROP TABLE train_links;
ALTER TABLE train_links_new RENAME TO train_links;
