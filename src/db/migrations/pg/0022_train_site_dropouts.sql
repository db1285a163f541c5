-- Training's dropouts name the internship site involved (issue 12, session
-- 10): PostgreSQL twin of 0022_train_site_dropouts.sql (see there). A dropout
-- line may name the site; the site's figure is read from these lines (view
-- train_site_dropouts) and intern_sites loses its own count, carried over as
-- lines without cohort of the current university year.

ALTER TABLE train_dropouts ALTER COLUMN cohort_id DROP NOT NULL;
ALTER TABLE train_dropouts DROP CONSTRAINT train_dropouts_cohort_id_cause_internship_key;
ALTER TABLE train_dropouts
  ADD COLUMN year bigint CHECK (year IS NULL OR year BETWEEN 2000 AND 2100),
  ADD COLUMN site_id bigint REFERENCES intern_sites(id),
  ADD COLUMN note text COLLATE "C" CHECK (note IS NULL OR length(note) <= 1000),
  ADD COLUMN updated_at text COLLATE "C" NOT NULL DEFAULT plam_now(),
  ADD CHECK ((cohort_id IS NULL) = (year IS NOT NULL)),
  ADD CHECK (site_id IS NULL OR internship = 1);
CREATE UNIQUE INDEX train_dropouts_key
  ON train_dropouts(coalesce(cohort_id, 0), coalesce(year, 0), cause, internship, coalesce(site_id, 0));
CREATE INDEX train_dropouts_site ON train_dropouts(site_id) WHERE site_id IS NOT NULL;

INSERT INTO train_dropouts(cohort_id, year, cause, internship, site_id, dropouts, note)
  SELECT NULL, extract(year FROM now())::bigint - CASE WHEN extract(month FROM now()) < 11 THEN 1 ELSE 0 END,
         'internship', 1, id, dropouts,
         'Repris du compteur du terrain de stage (migration 0022) : institut et formation à compléter'
  FROM intern_sites WHERE dropouts > 0;
ALTER TABLE intern_sites DROP COLUMN dropouts;

CREATE VIEW train_site_dropouts AS
  SELECT x.site_id AS site_id, coalesce(c.year, x.year) AS year, sum(x.dropouts)::bigint AS dropouts
  FROM train_dropouts x LEFT JOIN train_cohorts c ON c.id = x.cohort_id
  WHERE x.site_id IS NOT NULL GROUP BY x.site_id, coalesce(c.year, x.year);

ALTER TABLE train_links DROP CONSTRAINT train_links_metric_check;
ALTER TABLE train_links ADD CONSTRAINT train_links_metric_check
  CHECK (metric IN ('capacity_places', 'capacity_increase', 'capacity_fill', 'session_places', 'session_enrolled',
                    'session_fill', 'dropout_rate', 'apprentices', 'sites_under_alert'));
