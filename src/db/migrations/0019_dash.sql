-- Recruitment dashboards (issue 11, "Dashboards and the plan"): the links
-- that make a recruitment measure (app/dash/dash_measure.c, defined in
-- docs/RECRUITMENT.md, "Tableaux de bord") the measurement of a plan
-- indicator, optionally for one profession of the app's nomenclature. The
-- measures themselves are computed from the recruitment tables (0012-0016):
-- nothing else is stored.

CREATE TABLE dash_links (
  id INTEGER PRIMARY KEY,
  indicator_id INTEGER NOT NULL UNIQUE REFERENCES indicators(id) ON DELETE CASCADE,
  metric TEXT NOT NULL CHECK (metric IN ('needs_posted', 'places_asked', 'places_filled', 'fill_rate',
                                         'response_rate', 'deployed', 'time_to_fill_hours')),
  profession TEXT CHECK (profession IS NULL OR length(profession) BETWEEN 1 AND 32),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
