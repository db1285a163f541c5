-- Health and social establishments and their units (issue 11, "The model"):
-- the employers that post needs, the sites of internships (issue 12). FINESS
-- number (9 characters, check key validated by the app), category from the
-- app's table, GHT, commune, département and coordinates (the commune's
-- centroid unless the FINESS extract gives better). org_id is the
-- organisation whose employer accounts manage the establishment; rows
-- imported from a FINESS extract have none until plan staff attach one.

CREATE TABLE establishments (
  id INTEGER PRIMARY KEY,
  finess TEXT UNIQUE CHECK (finess IS NULL OR length(finess) = 9),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  category TEXT NOT NULL CHECK (category IN ('chu', 'ch', 'clinic', 'ehpad', 'disability', 'home_care',
                                             'psychiatry', 'health_centre', 'social', 'other')),
  ght TEXT NOT NULL DEFAULT '' CHECK (length(ght) <= 100),
  commune TEXT REFERENCES communes(code),
  departement TEXT NOT NULL REFERENCES territories(id),       -- DEP-xx
  lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  org_id INTEGER REFERENCES organisations(id),
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
CREATE INDEX establishments_departement ON establishments(departement, name);
CREATE INDEX establishments_org ON establishments(org_id);
CREATE INDEX establishments_commune ON establishments(commune);

CREATE TABLE establishment_units (
  id INTEGER PRIMARY KEY,
  establishment_id INTEGER NOT NULL REFERENCES establishments(id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  specialty TEXT NOT NULL DEFAULT '' CHECK (length(specialty) <= 100),
  UNIQUE (establishment_id, name)
) STRICT;
