-- Communes and the areas plan staff define (issue 11, "The model"). A commune
-- is today's INSEE code with its name, département, population and the
-- centroid of its largest polygon; rows are loaded by `plam init` from the
-- shipped reference file data/ref/communes.csv (not by this migration, so
-- that test databases stay small), and a 2018 code merged since into another
-- commune is mapped by commune_merges. An area is a set of communes: the
-- INSEE employment areas, the ARS's own zoning or any other grouping, each
-- with its kind; a commune may belong to one area of each kind.

CREATE TABLE communes (
  code TEXT PRIMARY KEY CHECK (length(code) = 5),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  departement TEXT NOT NULL REFERENCES territories(id),     -- DEP-xx
  population INTEGER CHECK (population IS NULL OR population >= 0),
  lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180)
) STRICT;
CREATE INDEX communes_departement ON communes(departement, code);

-- A code of the 2018 geography that a merger replaced by new_code.
CREATE TABLE commune_merges (
  old_code TEXT PRIMARY KEY CHECK (length(old_code) = 5),
  new_code TEXT NOT NULL REFERENCES communes(code),
  effective TEXT CHECK (effective IS NULL OR length(effective) = 10) -- YYYY-MM-DD; NULL: the source gives no date
) STRICT;

CREATE TABLE areas (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- employment: INSEE zone d'emploi; ars: the ARS's zoning; other
  kind TEXT NOT NULL CHECK (kind IN ('employment', 'ars', 'other')),
  region TEXT REFERENCES territories(id),                    -- REG-xx, NULL when national
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

CREATE TABLE area_communes (
  area_id INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
  commune TEXT NOT NULL REFERENCES communes(code),
  PRIMARY KEY (area_id, commune)
) STRICT, WITHOUT ROWID;
CREATE INDEX area_communes_commune ON area_communes(commune, area_id);
